/**
 * Per-window recording on the request hot path. One `WindowRecorder` per worker owns latency
 * counts in the HDR layout (metrics/latency-counts.ts) and typed-array counters; `record*`
 * methods allocate nothing; `snapshot()` turns the window into plain data (histograms as
 * compressed base64) and resets it.
 * Memory is fixed: it never grows with the number of requests.
 */
import { ERROR_KINDS, httpErrorKind } from './error-kinds.js';
import { LatencyCounts } from './latency-counts.js';
import { LAG_BUCKETS, lagBucket, sparseLagBuckets } from './lag.js';
import type { GeneratorHealth, WindowSnapshot } from './types.js';

/** Length of a window and of its quarters (ANALYSIS.md §1: 250 ms buckets). */
export const WINDOW_MS = 1000;
export const QUARTER_MS = 250;
// Every three-digit code: HTTP parsers accept 100-999, and a 799 must be recorded as 799, not 0.
const STATUS_SLOTS = 1000;
/** At most this many distinct error samples per window (bounded memory). */
export const MAX_ERROR_SAMPLES = 5;
/** Error samples are cut to this many characters. */
export const ERROR_SAMPLE_CHARS = 200;

/** What the caller knows about a window when it closes it. */
export type WindowMeta = {
  phaseIndex: number;
  level: number;
  inFlightEnd: number;
  generator: GeneratorHealth;
  /** Actual duration, ms (shorter for the last window of a stopped run). */
  durationMs?: number;
};

export class WindowRecorder {
  #index = 0;
  #startMs = 0;
  readonly #latency = new LatencyCounts();
  /** Failed requests' latency (SLOs count every request, not only the ok ones). */
  readonly #errorLatency = new LatencyCounts();
  readonly #status = new Uint32Array(STATUS_SLOTS);
  readonly #httpErrors = new Uint32Array(STATUS_SLOTS);
  readonly #kinds = new Uint32Array(ERROR_KINDS.length);
  readonly #quarterOk = new Uint32Array(4);
  readonly #quarterErrors = new Uint32Array(4);
  // counters: intended, sent, ok, errors, late, dropped, inFlightSamples, inFlightMax, poolCount, dbCount,
  // malformed Server-Timing, cancelled, lag samples, okPoolCount, okDbCount
  readonly #counts = new Uint32Array(15);
  // sums: bytes, okLatencyUs, errorLatencyUs, inFlightSum, poolMs, dbMs, lagMs, okPoolMs, okDbMs
  readonly #sums = new Float64Array(9);
  readonly #lag = new Uint32Array(LAG_BUCKETS);
  /** Every counter array above, zeroed together when a window opens. */
  readonly #tallies = [
    this.#status,
    this.#httpErrors,
    this.#kinds,
    this.#quarterOk,
    this.#quarterErrors,
    this.#counts,
    this.#sums,
    this.#lag,
  ];
  #samples: string[] = [];

  /** Index of the open window (counted from the run start). */
  get index(): number {
    return this.#index;
  }

  /** Start of the open window, ms on the caller's clock. */
  get startMs(): number {
    return this.#startMs;
  }

  /** Opens window `index` starting at `startMs`. */
  begin(index: number, startMs: number): void {
    this.#index = index;
    this.#startMs = startMs;
  }

  #quarter(nowMs: number): number {
    const q = ((nowMs - this.#startMs) / QUARTER_MS) | 0;
    return q < 0 ? 0 : q > 3 ? 3 : q;
  }

  /** A request's intended time fell in this window (open model; closed: call with sent). */
  countIntended(): void {
    this.#counts[0]!++;
  }

  /** A request was sent; `late` when after its intended time + 1 ms. */
  countSent(late: boolean): void {
    this.#counts[1]!++;
    if (late) this.#counts[4]!++;
  }

  /**
   * Open model: a request sent `lagMs` after its intended time; `late` when that is late
   * enough to change the load (metrics/lag.ts `lateAfterMs`).
   */
  countScheduledSend(lagMs: number, late: boolean): void {
    const c = this.#counts;
    c[1]!++;
    if (late) c[4]!++;
    c[12]!++;
    this.#sums[6]! += lagMs > 0 ? lagMs : 0;
    this.#lag[lagBucket(lagMs)]!++;
  }

  /** Requests in flight when the drain ended, cancelled by the stop (never answered). */
  countCancelled(n: number): void {
    this.#counts[11]! += n;
  }

  /** A request was not sent because the in-flight cap was reached. */
  countDropped(): void {
    this.#counts[5]!++;
  }

  /** A response with an expected status. */
  recordOk(latencyUs: number, statusCode: number, nowMs: number): void {
    this.#counts[2]!++;
    this.#status[statusCode < STATUS_SLOTS ? statusCode : 0]!++;
    this.#quarterOk[this.#quarter(nowMs)]!++;
    this.#sums[1]! += latencyUs;
    this.#latency.record(latencyUs);
  }

  /** A response with an unexpected status: an error of kind `http-<code>`. */
  recordHttpError(latencyUs: number, statusCode: number, nowMs: number): void {
    const slot = statusCode < STATUS_SLOTS ? statusCode : 0;
    this.#status[slot]!++;
    this.#httpErrors[slot]!++;
    this.#countError(latencyUs, nowMs);
  }

  /** A failed request of a fixed kind (index into ERROR_KINDS). */
  recordError(kindIndex: number, latencyUs: number, nowMs: number): void {
    this.#kinds[kindIndex]!++;
    this.#countError(latencyUs, nowMs);
  }

  #countError(latencyUs: number, nowMs: number): void {
    this.#counts[3]!++;
    this.#quarterErrors[this.#quarter(nowMs)]!++;
    this.#sums[2]! += latencyUs;
    this.#errorLatency.record(latencyUs);
  }

  /** Response body bytes received. */
  addBytes(bytes: number): void {
    this.#sums[0]! += bytes;
  }

  /** One in-flight sample (taken every 100 ms). */
  sampleInFlight(inFlight: number): void {
    this.#counts[6]!++;
    this.#sums[3]! += inFlight;
    if (inFlight > this.#counts[7]!) this.#counts[7] = inFlight;
  }

  /**
   * Server-Timing durations of one response, ms: NaN when absent, negative when malformed;
   * `ok` when the response had an expected status (kept apart: hold and wait are read from
   * ok responses, issue 11 2.1).
   */
  recordServerTiming(poolMs: number, dbMs: number, ok = true): void {
    this.#addTiming(poolMs, ok, 8, 4, 13, 7);
    this.#addTiming(dbMs, ok, 9, 5, 14, 8);
  }

  /** One Server-Timing duration into its count and sum slots (and the ok-only ones); NaN: absent. */
  #addTiming(ms: number, ok: boolean, count: number, sum: number, okCount: number, okSum: number): void {
    const c = this.#counts;
    const s = this.#sums;
    if (ms >= 0) {
      c[count]!++;
      s[sum]! += ms;
      if (ok) {
        c[okCount]!++;
        s[okSum]! += ms;
      }
    } else if (ms < 0) c[10]!++;
  }

  /** True while this window can still take another distinct error sample. */
  wantsErrorSample(): boolean {
    return this.#samples.length < MAX_ERROR_SAMPLES;
  }

  /** Keeps a distinct error message or body start (truncated), up to MAX_ERROR_SAMPLES. */
  addErrorSample(text: string): void {
    if (this.#samples.length >= MAX_ERROR_SAMPLES) return;
    const sample = text.length > ERROR_SAMPLE_CHARS ? text.slice(0, ERROR_SAMPLE_CHARS) : text;
    if (!this.#samples.includes(sample)) this.#samples.push(sample);
  }

  /** Closes the open window: returns it as plain data and resets every counter. */
  snapshot(meta: WindowMeta): WindowSnapshot {
    const c = this.#counts;
    const s = this.#sums;
    const snap: WindowSnapshot = {
      index: this.#index,
      tMs: this.#index * WINDOW_MS,
      durationMs: meta.durationMs ?? WINDOW_MS,
      phaseIndex: meta.phaseIndex,
      level: meta.level,
      intended: c[0]!,
      sent: c[1]!,
      ok: c[2]!,
      errorCount: c[3]!,
      errors: this.#errorsRecord(),
      status: nonZero(this.#status, (code) => String(code)),
      bytesIn: s[0]!,
      late: c[4]!,
      dropped: c[5]!,
      inFlightMean: c[6]! > 0 ? s[3]! / c[6]! : meta.inFlightEnd,
      inFlightMax: Math.max(c[7]!, meta.inFlightEnd),
      inFlightEnd: meta.inFlightEnd,
      okLatencySumUs: s[1]!,
      errorLatencySumUs: s[2]!,
      quarterOk: Array.from(this.#quarterOk),
      quarterErrors: Array.from(this.#quarterErrors),
      hdr: this.#latency.takeEncoded(),
      hdrErrors: this.#errorLatency.takeEncoded(),
      serverTiming: {
        poolSumMs: s[4]!,
        poolCount: c[8]!,
        dbSumMs: s[5]!,
        dbCount: c[9]!,
        okPoolSumMs: s[7]!,
        okPoolCount: c[13]!,
        okDbSumMs: s[8]!,
        okDbCount: c[14]!,
        ...(c[10]! > 0 ? { malformed: c[10]! } : {}),
      },
      generator: meta.generator,
      errorSamples: this.#samples,
      ...(c[12]! > 0 ? { lag: { sumMs: s[6]!, buckets: sparseLagBuckets(this.#lag) } } : {}),
      ...(c[11]! > 0 ? { cancelled: c[11]! } : {}),
    };
    this.#reset();
    return snap;
  }

  #errorsRecord(): Record<string, number> {
    const errors: Record<string, number> = {};
    for (let i = 0; i < ERROR_KINDS.length; i++) if (this.#kinds[i]! > 0) errors[ERROR_KINDS[i]!] = this.#kinds[i]!;
    Object.assign(errors, nonZero(this.#httpErrors, httpErrorKind));
    return errors;
  }

  #reset(): void {
    for (const tally of this.#tallies) tally.fill(0);
    this.#samples = [];
  }
}

function nonZero(counts: Uint32Array, name: (index: number) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) out[name(i)] = counts[i]!;
  return out;
}
