/**
 * Closed model: N virtual users, each a `HttpConnection` sending back to back (with optional think
 * time). A level change adds users at once and retires the highest-numbered ones after
 * their request in flight, so ramps change N smoothly and nothing is cut off.
 */
import { performance } from 'node:perf_hooks';
import type { ThinkSpec } from '../scenario/types.js';
import type { RequestTable } from './request-table.js';
import { HttpConnection, type ClientSettings, type HttpConnectionOwner } from './http-connection.js';
import type { WorkerCore } from './worker-core.js';

/** Pause after a failure without a response: a dead target must not turn users into a busy loop. */
export const FAILURE_BACKOFF_MS = 10;

export class ClosedModel implements HttpConnectionOwner {
  readonly #core: WorkerCore;
  readonly #table: RequestTable;
  readonly #settings: ClientSettings;
  readonly #think: ThinkSpec;
  readonly #random: () => number;
  readonly #slots: HttpConnection[] = [];
  readonly #issueBound = (slot: HttpConnection): void => this.#issue(slot);
  #users = 0;
  #stopped = false;

  constructor(core: WorkerCore, table: RequestTable, settings: ClientSettings, think: ThinkSpec, random: () => number) {
    this.#core = core;
    this.#table = table;
    this.#settings = settings;
    this.#think = think;
    this.#random = random;
  }

  /** Users this worker runs now. */
  get level(): number {
    return this.#users;
  }

  get slots(): readonly HttpConnection[] {
    return this.#slots;
  }

  /** Runs `users` virtual users from now on. */
  setUsers(users: number): void {
    if (this.#stopped) return;
    this.#users = users;
    for (let i = 0; i < users; i++) {
      let slot = this.#slots[i];
      if (slot === undefined) {
        slot = new HttpConnection(i, this.#core, this, this.#settings, this.#issueBound);
        this.#slots.push(slot);
      }
      slot.retiring = false;
      if (!slot.active) {
        slot.active = true;
        if (!slot.busy) this.#issue(slot);
      }
    }
    for (let i = users; i < this.#slots.length; i++) {
      const slot = this.#slots[i]!;
      if (slot.busy) slot.retiring = slot.active;
      else slot.active = false;
    }
  }

  /** Sends nothing more; requests in flight finish. */
  stop(): void {
    this.setUsers(0);
    this.#stopped = true;
  }

  onConnectionDone(slot: HttpConnection, failed: boolean): void {
    if (this.#stopped || slot.retiring || !slot.active) {
      slot.active = false;
      slot.retiring = false;
      return;
    }
    const pauseMs = failed ? FAILURE_BACKOFF_MS : this.#thinkMs();
    if (pauseMs > 0) setTimeout(slot.resume, pauseMs);
    else this.#issue(slot);
  }

  #thinkMs(): number {
    const { minMs, maxMs } = this.#think;
    if (maxMs <= 0) return 0;
    return minMs + (maxMs - minMs) * this.#random();
  }

  #issue(slot: HttpConnection): void {
    if (slot.busy || !slot.active || this.#stopped) return;
    const core = this.#core;
    const now = performance.now();
    core.roll(now);
    core.recorder.countIntended();
    core.recorder.countSent(false);
    slot.send(this.#table.pick(), now, now);
  }
}
