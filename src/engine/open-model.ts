/**
 * Open model: requests sent at their intended times on an absolute schedule (engine/pacer.ts),
 * latency measured FROM THE INTENDED TIME (coordinated omission, ANALYSIS.md §7). A send more
 * than 1 ms after its intended time is counted late; beyond `maxInFlight` a request is
 * dropped and counted. Nothing is ever silently skipped: intended = sent + dropped.
 * Each in-flight request has its own slot (connection); free slots are reused.
 */
import { performance } from 'node:perf_hooks';
import type { RateSegment } from './protocol.js';
import { arrivalOffsetMs, exponentialGap, rateAt } from './pacer.js';
import type { RequestTable } from './request-table.js';
import { HttpConnection, type ClientSettings, type HttpConnectionOwner } from './http-connection.js';
import type { WorkerCore } from './worker-core.js';

/** A send later than this after its intended time is "late". */
export const LATE_AFTER_MS = 1;

export type OpenModelOptions = {
  workerIndex: number;
  workerCount: number;
  poisson: boolean;
  /** This worker's in-flight cap. */
  maxInFlight: number;
  random: () => number;
};

export class OpenModel implements HttpConnectionOwner {
  readonly #core: WorkerCore;
  readonly #table: RequestTable;
  readonly #settings: ClientSettings;
  readonly #options: OpenModelOptions;
  readonly #free: HttpConnection[] = [];
  readonly #all: HttpConnection[] = [];
  readonly #segments: RateSegment[] = [];
  readonly #tick = (): void => this.#run();
  #segment: RateSegment | undefined;
  #segmentStart = 0;
  #x = 0;
  #next = Infinity;
  #stopLocal = Infinity;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;

  constructor(core: WorkerCore, table: RequestTable, settings: ClientSettings, options: OpenModelOptions) {
    this.#core = core;
    this.#table = table;
    this.#settings = settings;
    this.#options = options;
  }

  /** This worker's share of the current arrival rate, per s. */
  get level(): number {
    const s = this.#segment;
    if (s === undefined || this.#next === Infinity) return 0;
    const offset = performance.now() - this.#segmentStart;
    if (offset < 0 || offset > s.durationMs) return 0;
    return rateAt(offset, s.fromRate, s.toRate, s.durationMs) / this.#options.workerCount;
  }

  get slots(): readonly HttpConnection[] {
    return this.#all;
  }

  /** Appends arrival segments (times relative to t0). */
  addSegments(segments: readonly RateSegment[]): void {
    this.#segments.push(...segments);
    if (this.#next === Infinity) this.#nextSegment();
    this.#schedule();
  }

  /** Drops every pending arrival (the coordinator cut the sweep). */
  cut(): void {
    this.#segments.length = 0;
    this.#segment = undefined;
    this.#next = Infinity;
    this.#schedule();
  }

  /** No arrival at or after `stopLocal` (performance.now() scale) is sent. */
  stopAt(stopLocal: number): void {
    this.#stopLocal = stopLocal;
    this.#schedule();
  }

  /** Sends every arrival due before the stop that the timer has not reached yet (late, never lost). */
  flush(): void {
    this.#run();
  }

  onConnectionDone(slot: HttpConnection): void {
    this.#free.push(slot);
  }

  #firstX(): number {
    const { workerIndex, workerCount, poisson, random } = this.#options;
    return poisson ? workerCount * exponentialGap(random()) : workerIndex;
  }

  #nextSegment(): void {
    for (;;) {
      const segment = this.#segments.shift();
      this.#segment = segment;
      if (segment === undefined) {
        this.#next = Infinity;
        return;
      }
      this.#segmentStart = this.#core.t0 + segment.startMs;
      this.#x = this.#firstX();
      const offset = arrivalOffsetMs(this.#x, segment.fromRate, segment.toRate, segment.durationMs);
      if (offset !== Infinity) {
        this.#next = this.#segmentStart + offset;
        return;
      }
    }
  }

  #advance(): void {
    const { workerCount, poisson, random } = this.#options;
    this.#x += poisson ? workerCount * exponentialGap(random()) : workerCount;
    const s = this.#segment!;
    const offset = arrivalOffsetMs(this.#x, s.fromRate, s.toRate, s.durationMs);
    if (offset === Infinity) this.#nextSegment();
    else this.#next = this.#segmentStart + offset;
  }

  #run(): void {
    this.#timer = undefined;
    this.#immediate = undefined;
    const now = performance.now();
    while (this.#next <= now && this.#next < this.#stopLocal) {
      // A late arrival still counts in the window of its intended time.
      this.#core.roll(this.#next);
      this.#fire(this.#next, now);
      this.#advance();
    }
    this.#core.roll(now);
    this.#schedule();
  }

  #fire(intended: number, now: number): void {
    const core = this.#core;
    const recorder = core.recorder;
    recorder.countIntended();
    if (core.inFlight >= this.#options.maxInFlight) {
      recorder.countDropped();
      return;
    }
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = new HttpConnection(this.#all.length, core, this, this.#settings, () => undefined);
      this.#all.push(slot);
    }
    recorder.countSent(now > intended + LATE_AFTER_MS);
    slot.send(this.#table.pick(), intended, now);
  }

  /** Wakes at the next intended time: a timer until ~1 ms before, then setImmediate (timers are ms-coarse). */
  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    if (this.#next === Infinity || this.#next >= this.#stopLocal) return;
    const remainingMs = this.#next - performance.now();
    if (remainingMs > 1.5) this.#timer = setTimeout(this.#tick, Math.floor(remainingMs - 1));
    else this.#immediate = setImmediate(this.#tick);
  }
}
