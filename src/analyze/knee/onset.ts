/**
 * CAPKNEE steps 6 and 7 (ANALYSIS.md §3.4): where errors begin and where latency grows.
 *
 *   error onset: first step whose Wilson 95 % lower bound of the error fraction exceeds
 *                e_thr (1 %), and the next step qualifies too (or it is the last step);
 *                the crossing of E = e_thr is interpolated between it and the step before.
 *   latency:     first x where R ≥ 1.5·R0 (interpolated).
 *   SLO:         first x where p99 exceeds the SLO (when one is given).
 * Steps must be sorted by x.
 */
import { dominantClass, emptyClassCounts } from '../error-classes.js';
import { crossingX, wilsonLower } from '../../stats/index.js';
import { ERROR_CLASSES, type ErrorClass, type StepSummary } from '../types.js';

export type ErrorOnset = {
  /** x of the first qualifying step (the Wilson rule). */
  concurrency: number;
  /** (x_{i−1}, x_i]: the last clean step and the onset step. */
  bracket: [number, number];
  /** Interpolated crossing of the error fraction through e_thr. */
  interpolated: number;
  kind: ErrorClass;
  /** Error fraction at the onset step. */
  errorRate: number;
};

export function findErrorOnset(steps: readonly StepSummary[], eThr = 0.01): ErrorOnset | null {
  const qualifies = (s: StepSummary): boolean => wilsonLower(s.errorCount, s.ok + s.errorCount) > eThr;
  for (let i = 0; i < steps.length; i += 1) {
    const s = steps[i] as StepSummary;
    const next = steps[i + 1];
    if (!qualifies(s) || (next !== undefined && !qualifies(next))) continue;
    const prev = steps[i - 1];
    const counts = emptyClassCounts();
    for (const t of steps.slice(i)) for (const c of ERROR_CLASSES) counts[c] += t.errorsByClass[c];
    const interpolated =
      prev === undefined || prev.errorFraction >= eThr
        ? s.x
        : crossingX(prev.x, prev.errorFraction, s.x, s.errorFraction, eThr);
    return {
      concurrency: s.x,
      bracket: [prev?.x ?? 0, s.x],
      interpolated,
      kind: dominantClass(counts) ?? 'other',
      errorRate: s.errorFraction,
    };
  }
  return null;
}

/** First x where mean ok latency reaches `factor`·R0, interpolated; null when never. */
export function findLatencyOnset(steps: readonly StepSummary[], r0Ms: number, factor = 1.5): number | null {
  const limit = factor * r0Ms;
  for (let i = 0; i < steps.length; i += 1) {
    const s = steps[i] as StepSummary;
    if (s.ok === 0 || s.meanOkLatencyMs < limit) continue;
    const prev = steps[i - 1];
    return prev === undefined ? s.x : crossingX(prev.x, prev.meanOkLatencyMs, s.x, s.meanOkLatencyMs, limit);
  }
  return null;
}

/** First x whose p99 exceeds `p99Ms`; null when none does. */
export function findSloOnset(steps: readonly StepSummary[], p99Ms: number): number | null {
  for (const s of steps) if (s.latencyMs.count > 0 && s.latencyMs.p99 > p99Ms) return s.x;
  return null;
}
