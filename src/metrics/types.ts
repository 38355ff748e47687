/**
 * Plain-data shapes that cross the worker boundary and end up in the RunRecord.
 * Latency is recorded in integer microseconds in HDR histograms (`hdr`: compressed base64,
 * hdr-histogram-js `encodeIntoCompressedBase64`); milliseconds appear only in summaries.
 */
import type { LagBuckets } from './lag.js';

/** Latency percentiles in milliseconds (from an HDR histogram of microseconds). */
export type LatencySummary = {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
};

/**
 * Sums of the `Server-Timing` entries seen (`pool;dur=` = wait for a connection, `db;dur=` = hold),
 * of all responses, and (`ok*`) of the ok responses alone: error responses often carry
 * `pool;dur=0, db;dur=0`, which must not be averaged into the hold and wait of served requests.
 * The `ok*` fields are absent in records written before they existed.
 */
export type ServerTimingTotals = {
  poolSumMs: number;
  poolCount: number;
  dbSumMs: number;
  dbCount: number;
  /** Entries present with an unusable duration (not finite, negative, over an hour): ignored, counted. */
  malformed?: number;
  okPoolSumMs?: number;
  okPoolCount?: number;
  okDbSumMs?: number;
  okDbCount?: number;
};

/**
 * One request name's share of a window (`WindowSnapshot.byRequest[name]`): the same counters
 * as the window's own, and its own HDR histogram of ok latency (µs, compressed base64).
 */
export type RequestCounts = Pick<Counts, 'sent' | 'ok' | 'errorCount' | 'errors' | 'status'> & {
  bytesIn: number;
  hdr: string;
};

/** Health of the load generator itself during one window (worst worker for delay, mean for utilization). */
export type GeneratorHealth = {
  /** p99 event-loop delay across workers, ms (perf_hooks.monitorEventLoopDelay). */
  loopDelayP99Ms: number;
  /** Event-loop utilization 0..1 (mean over workers). */
  utilization: number;
  /** Requests that started late (open model: after their intended time + 1 ms; includes queued in undici). */
  lateStartFraction: number;
  /** Max requests waiting inside undici's client queue (client-side queueing). */
  clientQueued: number;
  /** True when the generator, not the target, limited this window. */
  saturated: boolean;
  /**
   * V8 heap in use by the worker threads at the window's end,
   * MB (summed over workers): memory stays flat over long runs.
   */
  heapUsedMb?: number;
};

/**
 * The request counters, one definition for a window (of one worker or merged), a step and
 * the run (WindowSnapshot, WindowRecord, StepRecord compose it).
 */
export type Counts = {
  /** Open model: requests whose intended time fell in this span. Closed: equals `sent`. */
  intended: number;
  sent: number;
  /** Completed with an expected status. */
  ok: number;
  /** Completed with an error of any kind (sum of `errors`). */
  errorCount: number;
  /** Errors by kind (see metrics/error-kinds.ts); only non-zero kinds. */
  errors: Record<string, number>;
  /** Responses by HTTP status code; only non-zero codes. */
  status: Record<string, number>;
  /** Open model: sent after their intended time (still measured from it). */
  late: number;
  /** Open model: not sent because `maxInFlight` was reached (counted as failures for SLOs). */
  dropped: number;
};

/**
 * One 1 s window of one worker (or, once merged, of all workers).
 * `index` counts windows from the run start: `tMs = index * 1000`.
 */
export type WindowSnapshot = Counts & {
  index: number;
  tMs: number;
  durationMs: number;
  /** The schedule phase this window belongs to. */
  phaseIndex: number;
  /** Target level at the end of the window: concurrency (closed) or arrivals/s (open). */
  level: number;
  bytesIn: number;
  /** Mean and max of in-flight samples (every 100 ms) in this window. */
  inFlightMean: number;
  inFlightMax: number;
  /** In-flight at the window's end (open-model stability: growth across windows). */
  inFlightEnd: number;
  /** Sum of latencies of ok and error completions, µs (for means and Little's law). */
  okLatencySumUs: number;
  errorLatencySumUs: number;
  /** Ok and error completions per 250 ms quarter of the window (moving-block bootstrap). */
  quarterOk: number[];
  quarterErrors: number[];
  /** HDR histogram (µs) of successful responses' latency, from the intended send time. */
  hdr: string;
  /**
   * HDR histogram (µs) of failed requests' latency, from the intended send time (a timeout at its
   * timeout): with `hdr`, the latency of every request, which latency SLOs count. Absent in
   * snapshots and records made before it existed.
   */
  hdrErrors?: string;
  serverTiming: ServerTimingTotals;
  generator: GeneratorHealth;
  /** Error messages seen (first few distinct, truncated), to classify pool errors by text. */
  errorSamples: string[];
  /**
   * Open model: how late the sends left after their intended times: the sum (ms, for the mean)
   * and a log-scale histogram (metrics/lag.ts). Absent when nothing was sent on a schedule.
   */
  lag?: { sumMs: number; buckets: LagBuckets };
  /**
   * Requests still in flight when the stop's drain ended, cancelled and never answered. Over
   * a run, sent = ok + errorCount + cancelled. Absent when zero.
   */
  cancelled?: number;
  /**
   * The drain: what was recorded after the planned end of the schedule (or the stop of an
   * interrupted/aborted run) — completions of requests still in flight then, and sends in the
   * few ms a late stop message allowed. It is the window after the last measured one
   * (`index` = last + 1, so `tMs` is nominal; `durationMs` is how long the drain lasted and may
   * exceed 1 s), it belongs to the last phase, counts in run totals, and is left out of every
   * step. Absent (never `false`) on every other window; at most one per run, and only when
   * something was recorded after the stop.
   */
  drain?: true;
  /** Per request name with activity in the window (an absent name counts zero). Absent in older records. */
  byRequest?: Record<string, RequestCounts>;
};
