/**
 * Internal shapes of the analyzer (the public `Analysis` lives in record/types.ts).
 * Units are in the names; concurrency is "x": the level (closed) or mean in-flight (open).
 */
import type { LatencySummary } from '../metrics/types.js';
import type { LoadModel, PhaseKind } from '../scenario/types.js';

/** Error classes of ANALYSIS.md §3.4 step 6, in tie-break order. */
export const ERROR_CLASSES = [
  'pool-acquire-timeout',
  'too-many-clients',
  'http-503',
  'http-429',
  'timeout',
  'refused-reset',
  'other',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** One step as the fit sees it (CAPKNEE step 1). */
export type StepSummary = {
  index: number;
  label: string;
  kind: PhaseKind;
  model: LoadModel;
  /** Offered level: concurrency (closed) or arrivals/s (open). */
  level: number;
  /** Concurrency coordinate of the fit: closed = level, open = mean in-flight. */
  x: number;
  durationSec: number;
  /** X: successful completions per second. */
  goodputPerSec: number;
  errorPerSec: number;
  ok: number;
  errorCount: number;
  /** Errors by class (kinds and error text mapped to ERROR_CLASSES). */
  errorsByClass: Record<ErrorClass, number>;
  /** Errors / (ok + errors). */
  errorFraction: number;
  /** R: mean latency of ok responses, ms. */
  meanOkLatencyMs: number;
  meanErrorLatencyMs: number;
  latencyMs: LatencySummary;
  /** L: mean in-flight. */
  inFlight: number;
  /** |L − (X·R + Xerr·Rerr)| / L, and for closed runs also |L − N| / N (the larger). */
  littleDeviation: number;
  stable: boolean;
  inFlightGrowthPerSec: number;
  generatorSaturated: boolean;
  /** Why the generator limited the step, in words (absent when it did not). */
  generatorLimit?: string;
  /** Usable for the fit; `why` says why not. */
  usable: boolean;
  why: string | null;
  /** Standard error of goodput from the 250 ms buckets, req/s (0 without buckets). */
  goodputSePerSec: number;
  /** 250 ms bucket ok counts of the measured windows (moving-block bootstrap). */
  buckets: Float64Array;
  /**
   * Server-Timing means over the ok responses that carried it; `share`: the fraction of the
   * step's ok responses that did (below 1 when only some endpoints use the pool; absent: all did).
   */
  serverTiming: { holdMs: number; waitMs: number; share?: number } | null;
  /** Distinct error messages of the step (`<kind>: text`), for naming the pool that ran out. */
  errorSamples: readonly string[];
  /** First window index and last (inclusive) in record.windows. */
  windowRange: [number, number];
  startMs: number;
};

export type KneeModel = 'M0' | 'M1' | 'M2' | 'M3';
