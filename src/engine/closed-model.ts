/**
 * Closed model: N virtual users, each a `HttpConnection` sending back to back (with optional think
 * time). A level change adds users at once and retires the highest-numbered ones after
 * their request in flight, so ramps change N smoothly and nothing is cut off.
 */
import { performance } from 'node:perf_hooks';
import type { ThinkSpec } from '../scenario/types.js';
import type { HttpConnection, HttpConnectionOwner } from './http-connection.js';
import { nextRequest, openConnection, type ModelParts } from './model-parts.js';

/** Pause after a failure without a response: a dead target must not turn users into a busy loop. */
export const FAILURE_BACKOFF_MS = 10;

export class ClosedModel implements HttpConnectionOwner {
  readonly #parts: ModelParts;
  readonly #think: ThinkSpec;
  readonly #random: () => number;
  readonly #slots: HttpConnection[] = [];
  readonly #issueBound = (slot: HttpConnection): void => this.#issue(slot);
  #users = 0;
  #stopped = false;
  /** Recent level changes [time (this thread's clock), users], newest last: levels of windows closed late. */
  readonly #changes: [number, number][] = [];

  constructor(parts: ModelParts, think: ThinkSpec, random: () => number) {
    this.#parts = parts;
    this.#think = think;
    this.#random = random;
  }

  /** Users this worker ran at `atMs` (a recent time: the last few changes are kept). */
  levelAt(atMs: number): number {
    for (let i = this.#changes.length - 1; i >= 0; i--) if (this.#changes[i]![0] <= atMs) return this.#changes[i]![1];
    return this.#changes.length > 0 ? 0 : this.#users;
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
    this.#changes.push([performance.now(), users]);
    if (this.#changes.length > 32) this.#changes.shift();
    for (let i = 0; i < users; i++) {
      let slot = this.#slots[i];
      if (slot === undefined) {
        slot = openConnection(this.#parts, i, this, this.#issueBound);
        this.#slots.push(slot);
      }
      slot.retiring = false;
      if (!slot.active) {
        slot.active = true;
        this.#parts.flows?.reset(slot.id);
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

  onConnectionDone(slot: HttpConnection, failed: boolean, nowMs: number): void {
    if (this.#stopped || slot.retiring || !slot.active) {
      slot.active = false;
      slot.retiring = false;
      return;
    }
    const pauseMs = this.#pauseAfter(slot, failed);
    if (pauseMs > 0) setTimeout(slot.resume, pauseMs);
    else this.#issue(slot, nowMs);
  }

  /** Flows: the step's think, plus the load's think (or the back-off) when the iteration is over. */
  #pauseAfter(slot: HttpConnection, failed: boolean): number {
    const flows = this.#parts.flows;
    if (flows === undefined) return failed ? FAILURE_BACKOFF_MS : this.#thinkMs();
    const stepThink = flows.after(slot.id, !failed && slot.ok);
    if (flows.inIteration(slot.id)) return stepThink;
    return stepThink + (failed ? FAILURE_BACKOFF_MS : this.#thinkMs());
  }

  #thinkMs(): number {
    const { minMs, maxMs } = this.#think;
    if (maxMs <= 0) return 0;
    return minMs + (maxMs - minMs) * this.#random();
  }

  /** Sends the user's next request; `now` is the previous one's end when it follows at once (one clock read less). */
  #issue(slot: HttpConnection, now = performance.now()): void {
    if (slot.busy || !slot.active || this.#stopped) return;
    const parts = this.#parts;
    const core = parts.core;
    core.roll(now);
    // No user sends from the planned stop on: the worker's stop timer may fire late, and a request sent
    // meanwhile would be that user's second in the drain window (16 users once drained 17 requests).
    if (core.draining) return;
    const request = nextRequest(parts, slot.id);
    if (request === undefined) {
      // The data file's unique rows ran out: this user stops (the coordinator stops the run).
      slot.active = false;
      return;
    }
    core.recorder.countIntended();
    core.recorder.countSent(false);
    slot.send(request, now, now, parts.flows?.context(slot.id));
  }
}
