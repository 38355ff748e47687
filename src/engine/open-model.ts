/**
 * Open model: requests sent at their intended times on an absolute schedule (engine/pacer.ts),
 * latency measured FROM THE INTENDED TIME (coordinated omission, ANALYSIS.md §7). Every send's
 * lag behind its intended time goes into the window's lag histogram; a send later than
 * max(10 ms, a tenth of the inter-arrival gap) is counted late (timer jitter of a few ms is not:
 * it is already inside the latency). Beyond `maxInFlight` a request is dropped and counted.
 * Nothing is ever silently skipped: intended = sent + dropped.
 * Each in-flight request has its own slot (connection); free slots are reused.
 */
import { performance } from 'node:perf_hooks';
import type { RateSegment } from './protocol.js';
import { lateAfterMs } from '../metrics/lag.js';
import { arrivalOffsetMs, exponentialGap, rateAt } from './pacer.js';
import type { HttpConnection, HttpConnectionOwner } from './http-connection.js';
import { nextRequest, openConnection, type ModelParts } from './model-parts.js';

export type OpenModelOptions = {
  workerIndex: number;
  workerCount: number;
  poisson: boolean;
  /** This worker's in-flight cap. */
  maxInFlight: number;
  random: () => number;
  /**
   * Constant arrivals: where in an arrival slot this process's schedule starts, 0 ≤ phase < 1
   * (shard i of n: i/n, scale/shard.ts), so that shards interleave instead of sending together.
   */
  arrivalPhase?: number;
};

/** A segment with its start on this thread's clock. */
type Placed = { start: number; segment: RateSegment };

export class OpenModel implements HttpConnectionOwner {
  /** With flows, an arrival starts one; its later steps follow their predecessors (onConnectionDone). */
  readonly #parts: ModelParts;
  readonly #options: OpenModelOptions;
  /** Flows: intended start of each slot's next step (its predecessor's end + think), by slot id. */
  readonly #stepAt: number[] = [];
  readonly #continue = (slot: HttpConnection): void => this.#nextStep(slot);
  readonly #free: HttpConnection[] = [];
  readonly #all: HttpConnection[] = [];
  readonly #segments: RateSegment[] = [];
  readonly #tick = (): void => this.#run();
  #segment: RateSegment | undefined;
  #segmentStart = 0;
  /** The last few segments started, newest last: the level of a window closed after a boundary. */
  readonly #recent: Placed[] = [];
  #x = 0;
  #next = Infinity;
  #stopLocal = Infinity;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;

  constructor(parts: ModelParts, options: OpenModelOptions) {
    this.#parts = parts;
    this.#options = options;
  }

  /** This worker's share of the current arrival rate, per s. */
  get level(): number {
    return this.levelAt(performance.now());
  }

  /** This worker's share of the arrival rate at `atMs` (this thread's clock; recent times only), per s. */
  levelAt(atMs: number): number {
    for (let i = this.#recent.length - 1; i >= 0; i--) {
      const { start, segment: s } = this.#recent[i]!;
      const offset = atMs - start;
      if (offset < 0 || offset >= s.durationMs) continue;
      return rateAt(offset, s.fromRate, s.toRate, s.durationMs) / this.#options.workerCount;
    }
    return 0;
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

  onConnectionDone(slot: HttpConnection, failed: boolean): void {
    const flows = this.#parts.flows;
    if (flows === undefined) {
      this.#free.push(slot);
      return;
    }
    const thinkMs = flows.after(slot.id, !failed && slot.ok);
    if (!flows.inIteration(slot.id)) {
      this.#free.push(slot);
      return;
    }
    // The next step's latency counts from its own intended start: the predecessor's end + think.
    this.#stepAt[slot.id] = performance.now() + thinkMs;
    if (thinkMs > 0) setTimeout(slot.resume, thinkMs);
    else this.#nextStep(slot);
  }

  /** Sends a flow's next step, unless the run has stopped (then the flow ends here). */
  #nextStep(slot: HttpConnection): void {
    const parts = this.#parts;
    const flows = parts.flows!;
    const now = performance.now();
    if (now >= this.#stopLocal) {
      flows.reset(slot.id);
      this.#free.push(slot);
      return;
    }
    const request = flows.next(slot.id)!;
    const core = parts.core;
    core.roll(now);
    core.recorder.countIntended();
    core.recorder.countSent(false);
    slot.send(request, this.#stepAt[slot.id] ?? now, now, flows.context(slot.id));
  }

  #firstX(): number {
    const { workerIndex, workerCount, poisson, random, arrivalPhase } = this.#options;
    return poisson ? workerCount * exponentialGap(random()) : workerIndex + (arrivalPhase ?? 0);
  }

  #nextSegment(): void {
    for (;;) {
      const segment = this.#segments.shift();
      this.#segment = segment;
      if (segment === undefined) {
        this.#next = Infinity;
        return;
      }
      this.#segmentStart = this.#parts.core.t0 + segment.startMs;
      this.#recent.push({ start: this.#segmentStart, segment });
      if (this.#recent.length > 4) this.#recent.shift();
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
    const core = this.#parts.core;
    while (this.#next <= now && this.#next < this.#stopLocal) {
      // A late arrival still counts in the window of its intended time.
      core.roll(this.#next);
      this.#fire(this.#next, now);
      this.#advance();
    }
    core.roll(now);
    this.#schedule();
  }

  #fire(intended: number, now: number): void {
    const parts = this.#parts;
    const core = parts.core;
    const recorder = core.recorder;
    recorder.countIntended();
    if (core.inFlight >= this.#options.maxInFlight) {
      recorder.countDropped();
      return;
    }
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = openConnection(parts, this.#all.length, this, this.#continue);
      this.#all.push(slot);
    }
    const request = nextRequest(parts, slot.id);
    if (request === undefined) {
      // The data file's unique rows ran out: counted as dropped (the coordinator stops the run).
      this.#free.push(slot);
      recorder.countDropped();
      return;
    }
    const s = this.#segment!;
    const lagMs = now - intended;
    const rate = rateAt(intended - this.#segmentStart, s.fromRate, s.toRate, s.durationMs);
    recorder.countScheduledSend(lagMs, lagMs > lateAfterMs(rate));
    slot.send(request, intended, now, parts.flows?.context(slot.id));
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
