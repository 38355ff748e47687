/**
 * The state every worker model shares: the window recorder on the common 1 s grid, the
 * in-flight count, generator health, and what to do with each finished request.
 * Times are this thread's performance.now() (ms); t0 is converted into it once.
 */
import { performance } from 'node:perf_hooks';
import { MAX_REQUEST_NAMES, RequestWindow } from '../metrics/request-window.js';
import { WINDOW_MS, WindowRecorder } from '../metrics/window.js';
import type { WindowSnapshot } from '../metrics/types.js';
import { HealthMonitor } from './generator-health.js';
import { lastWindowIndex } from './window-grid.js';

/** Responses scanned for a Server-Timing header before scanning stops when none had one. */
export const SERVER_TIMING_PROBE = 1000;

const NO_HEALTH = { loopDelayP99Ms: 0, utilization: 0, lateStartFraction: 0, clientQueued: 0, saturated: false };

export type CoreHooks = {
  post: (window: WindowSnapshot) => void;
  /** This worker's level at `atMs` (this thread's clock): users (closed) or arrivals/s (open). */
  level: (atMs: number) => number;
};

export class WorkerCore {
  readonly recorder = new WindowRecorder();
  /** Per request name, on the same windows (absent when the caller named no requests). */
  readonly #requests: RequestWindow | undefined;
  readonly #health = new HealthMonitor();
  readonly #hooks: CoreHooks;
  /** t0 on this thread's performance.now() scale. */
  t0 = Infinity;
  #windowEnd = Infinity;
  #lastIndex = Number.MAX_SAFE_INTEGER;
  /**
   * Planned stop on this thread's clock: the first result at or after
   * it opens the drain window (Infinity before the stop and once open).
   */
  #drainAtMs = Infinity;
  #draining = false;
  inFlight = 0;
  /** Requests finished after this is set were cancelled by the stop: not recorded. */
  cancelled = false;
  /** Request number for `{{seq}}`: worker w of W numbers w, w + W, w + 2W, … so numbers are unique per run. */
  #seq: number;
  readonly #seqStep: number;
  /** Level reported from the stop on (the model's own drops to 0 while draining). */
  #frozenLevel: number | undefined;
  /**
   * Responses still to scan for Server-Timing: the first SERVER_TIMING_PROBE responses are
   * scanned; once one carries the header every response is, else scanning stops (hot path).
   */
  serverTimingScans = SERVER_TIMING_PROBE;

  constructor(hooks: CoreHooks, workerIndex = 0, workerCount = 1, requestNames: readonly string[] = []) {
    this.#hooks = hooks;
    this.#requests =
      requestNames.length > 0 && requestNames.length <= MAX_REQUEST_NAMES ? new RequestWindow(requestNames) : undefined;
    this.#seq = workerIndex;
    this.#seqStep = workerCount;
  }

  /** The next request number. */
  nextSeq(): number {
    const seq = this.#seq;
    this.#seq += this.#seqStep;
    return seq;
  }

  /** Starts the window grid at `t0EpochMs` (ms since the epoch, shared by all threads). */
  start(t0EpochMs: number): void {
    this.t0 = t0EpochMs - performance.timeOrigin;
    this.recorder.begin(0, this.t0);
    this.#windowEnd = this.t0 + WINDOW_MS;
  }

  /**
   * The schedule ends at `stopAtMs` (ms from t0): the window holding it is the last measured
   * one, cut at the stop; everything recorded from the stop on goes to one drain window after
   * it (index = last + 1), which the coordinator keeps outside every step.
   */
  limitWindows(stopAtMs: number): void {
    this.#lastIndex = lastWindowIndex(stopAtMs);
    this.#drainAtMs = this.t0 + stopAtMs;
  }

  /** Closes every window that ended before `now` (called on each result and by a timer). */
  roll(now: number): void {
    while (now >= this.#windowEnd && this.recorder.index < this.#lastIndex) {
      this.#emit(WINDOW_MS);
      const next = this.recorder.index + 1;
      this.recorder.begin(next, this.t0 + next * WINDOW_MS);
      this.#windowEnd = this.recorder.startMs + WINDOW_MS;
    }
    if (now >= this.#drainAtMs) this.#openDrain();
  }

  /**
   * Emits the last measured window (up to the stop) and opens the drain window. When the stop
   * message came after this worker had already opened a later window, that window holds only
   * results from after the stop: it becomes the drain window as it is.
   */
  #openDrain(): void {
    const recorder = this.recorder;
    if (recorder.index <= this.#lastIndex) {
      this.#emit(Math.min(WINDOW_MS, Math.max(1, Math.round(this.#drainAtMs - recorder.startMs))));
      recorder.begin(recorder.index + 1, this.#drainAtMs);
    }
    this.#drainAtMs = Infinity;
    this.#windowEnd = Infinity;
    this.#draining = true;
  }

  /** The drain window is open: the planned stop has passed (as of the last `roll`). */
  get draining(): boolean {
    return this.#draining;
  }

  /** Keeps reporting `level` for the remaining windows (called when sending stops). */
  freezeLevel(level: number): void {
    this.#frozenLevel = level;
  }

  /**
   * Ends the run at `nowLocalMs` (after the drain): emits the last measured window if no result
   * came after the stop, then the drain window, `drain: true`, as long as the drain lasted —
   * only when something was recorded in it.
   */
  finish(nowLocalMs: number): void {
    this.roll(nowLocalMs);
    if (!this.#draining) this.#openDrain();
    const durationMs = Math.max(1, Math.round(nowLocalMs - this.recorder.startMs));
    this.#emit(durationMs, true);
    this.#health.stop();
  }

  #emit(durationMs: number, drain = false): void {
    // The level at the window's own end, not at the moment it is closed: a window closed just
    // after a phase boundary would otherwise report the next phase's level.
    const level = this.#frozenLevel ?? this.#hooks.level(this.recorder.startMs + durationMs - 0.001);
    const meta = { phaseIndex: -1, level, inFlightEnd: this.inFlight, generator: NO_HEALTH, durationMs };
    const snap = this.recorder.snapshot(meta);
    snap.generator = this.#health.take(snap.late, snap.sent, 0, snap.intended > 0 ? snap.dropped / snap.intended : 0);
    if (this.#requests !== undefined) snap.byRequest = this.#requests.snapshot();
    if (drain) {
      if (snap.intended + snap.sent + snap.ok + snap.errorCount + snap.dropped + (snap.cancelled ?? 0) === 0) return;
      snap.drain = true;
    }
    this.#hooks.post(snap);
  }

  /** Request `requestIndex` (its `PreparedRequest.index`) was sent, in the open window. */
  countRequestSent(requestIndex: number): void {
    this.#requests?.countSent(requestIndex);
  }

  /** A response arrived: record it (latency from `startMs`). */
  recordResponse(
    startMs: number,
    statusCode: number,
    expected: boolean,
    bytes: number,
    now: number,
    requestIndex = 0,
  ): void {
    this.inFlight--;
    if (this.cancelled) return;
    this.roll(now);
    const latencyUs = (now - startMs) * 1000;
    const requests = this.#requests;
    if (expected) {
      this.recorder.recordOk(latencyUs, statusCode, now);
      requests?.recordOk(requestIndex, latencyUs, statusCode);
    } else {
      this.recorder.recordHttpError(latencyUs, statusCode, now);
      requests?.recordHttpError(requestIndex, statusCode);
    }
    this.recorder.addBytes(bytes);
    requests?.addBytes(requestIndex, bytes);
  }

  /** A request failed without a response. */
  recordFailure(startMs: number, kindIndex: number, now: number, requestIndex = 0): void {
    this.inFlight--;
    if (this.cancelled) return;
    this.roll(now);
    this.recorder.recordError(kindIndex, (now - startMs) * 1000, now);
    this.#requests?.recordError(requestIndex, kindIndex);
  }

  /** One scanned response: `seen` when it carried Server-Timing. */
  sawServerTiming(seen: boolean): void {
    this.serverTimingScans = seen ? Infinity : this.serverTimingScans - 1;
  }

  /** The requests still in flight are cancelled by the stop: counted as such, their late completions not recorded. */
  cancel(): void {
    if (!this.cancelled) this.recorder.countCancelled(this.inFlight);
    this.cancelled = true;
  }
}
