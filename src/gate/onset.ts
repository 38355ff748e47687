/**
 * Error onset gate (ANALYSIS.md §5.1): the level at which errors began is discrete (a
 * tested level), so instead of a t bound it fails when the onset moved earlier by at
 * least one tested level in the majority of candidate runs.
 *
 * The baseline reference is the median onset over baseline runs, where a run without an
 * onset counts as "beyond its highest tested level" (+∞). When the reference itself is
 * "none", a candidate run is earlier when its errors began at a level the baseline runs
 * tested clean (≤ their median x_max).
 */
import { medianOf } from '../stats/index.js';
import { majority } from './goodput.js';
import type { GateMetricResult, GateSample } from './types.js';

const NAME = 'error onset';

export function judgeErrorOnset(baseline: readonly GateSample[], candidate: readonly GateSample[]): GateMetricResult {
  const reference = lowerMedian(baseline.map((s) => s.errorOnset ?? Number.POSITIVE_INFINITY));
  const baselineClean = reference === Number.POSITIVE_INFINITY;
  const cleanUpTo = medianOf(baseline.map((s) => s.maxLevelTested).filter((v): v is number => v !== null));
  const earlierThan = (onset: number): boolean => (baselineClean ? onset <= cleanUpTo : onset < reference);
  const earlier = candidate.filter((s) => s.errorOnset !== null && earlierThan(s.errorOnset));
  const later = candidate.filter((s) => (s.errorOnset === null ? !baselineClean : s.errorOnset > reference));
  const candidateOnsets = candidate.map((s) => s.errorOnset).filter((v): v is number => v !== null);
  const candidateMedian = candidateOnsets.length > 0 ? medianOf(candidateOnsets) : null;
  const n = candidate.length;
  const base = baselineClean ? `baseline: no errors up to c=${fmt(cleanUpTo)}` : `baseline: c=${fmt(reference)}`;
  let status: GateMetricResult['status'] = 'pass';
  let message: string;
  if (majority(earlier.length, n)) {
    status = 'fail';
    message = `errors began earlier: at ${levels(earlier)} in ${earlier.length} of ${n} runs (${base})`;
  } else if (earlier.length > 0) {
    status = 'warn';
    message =
      `errors began earlier in ${earlier.length} of ${n} runs ` +
      `only (at ${levels(earlier)}; ${base}): not a majority`;
  } else if (candidateOnsets.length === 0 && baselineClean) {
    message = `no error onset within the tested range in baseline or candidate`;
  } else if (majority(later.length, n)) {
    status = 'improved';
    message =
      candidateMedian === null
        ? `no error onset in the candidate (${base}): improved`
        : `errors began later: at c=${fmt(candidateMedian)} (${base}): improved`;
  } else {
    message = `error onset unchanged (${candidateMedian === null ? 'none' : `c=${fmt(candidateMedian)}`}; ${base})`;
  }
  return {
    name: NAME,
    kind: 'error-onset',
    gated: true,
    status,
    unit: 'concurrency',
    baseline: { mean: baselineClean ? null : reference, n: baseline.length },
    candidate: { mean: candidateMedian, n },
    changePct: candidateMedian !== null && !baselineClean ? (candidateMedian / reference - 1) * 100 : null,
    marginPct: null,
    noisePct: null,
    upperBoundPct: null,
    message,
  };
}

/** The lower of the two middle values: a conservative (earlier) reference for even counts. */
function lowerMedian(values: readonly number[]): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

function levels(samples: readonly GateSample[]): string {
  const distinct = [...new Set(samples.map((s) => s.errorOnset!))].sort((a, b) => a - b);
  return distinct.map((v) => `c=${fmt(v)}`).join(', ');
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
