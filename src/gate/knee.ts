/**
 * Knee gate (warn-only unless `gateKnee`), with the censoring rules of ANALYSIS.md §5.1:
 * - a candidate knee "not reached" (censored above x_max) is never a regression by itself;
 * - a reached candidate knee against a censored baseline ("> x_max") is a regression only
 *   when the candidate knee's CI upper bound is below the baseline x_max (majority of runs);
 * - both reached: the log-scale rule of §5.3 on the knee concurrency.
 */
import { judgeLowerIsWorse, ruleFigures, unjudgedResult, type LogRuleOptions } from './rule.js';
import { formatValue } from '../format.js';
import { logRuleMessage } from './messages.js';
import { majority } from './goodput.js';
import { medianOf } from '../stats/index.js';
import type { GateMetricResult, GateSample } from './types.js';

const NAME = 'knee';

type KneeSample = GateSample & { knee: NonNullable<GateSample['knee']> };

export function judgeKnee(
  baseline: readonly GateSample[],
  candidate: readonly GateSample[],
  rule: LogRuleOptions,
  gated: boolean,
): GateMetricResult {
  const base = baseline.filter(hasKnee);
  const cand = candidate.filter(hasKnee);
  if (base.length === 0 || cand.length === 0) {
    return result(
      gated,
      'skipped',
      base.length,
      cand.length,
      `knee: not found in the ${base.length === 0 ? 'baseline' : 'candidate'} runs`,
    );
  }
  const candAbove = cand.filter((s) => s.knee.censored === 'above');
  const baseAbove = base.filter((s) => s.knee.censored === 'above');
  if (candAbove.length * 2 >= cand.length)
    return candidateNotReached(base, baseAbove, candAbove, cand.length, gated, rule.tolerance);
  const candReached = cand.filter((s) => s.knee.censored !== 'above');
  if (majority(baseAbove.length, base.length)) return baselineNotReached(base.length, baseAbove, candReached, gated);
  const baseReached = base.filter((s) => s.knee.censored !== 'above');
  const r = judgeLowerIsWorse(baseReached.map(kneeOf), candReached.map(kneeOf), rule);
  const status = r.status === 'fail' && !gated ? 'warn' : r.status;
  return {
    ...result(gated, status, baseReached.length, candReached.length, logRuleMessage(NAME, 'concurrency', r, gated)),
    ...ruleFigures(r, baseReached.length, candReached.length),
  };
}

function candidateNotReached(
  base: KneeSample[],
  baseAbove: KneeSample[],
  candAbove: KneeSample[],
  n: number,
  gated: boolean,
  tolerance: number,
): GateMetricResult {
  const candEdge = medianOf(candAbove.map(edgeOf));
  const baseReached = base.filter((s) => s.knee.censored !== 'above');
  const baseKnee = baseReached.length > 0 ? medianOf(baseReached.map(kneeOf)) : null;
  // "> edge" is a lower bound: an improvement only when even the bound clears the margin.
  const improved =
    baseKnee !== null && !majority(baseAbove.length, base.length) && candEdge >= baseKnee * (1 + tolerance);
  const versus = baseKnee === null ? 'baseline not reached either' : `baseline c=${formatValue(baseKnee)}`;
  const message =
    `knee not reached in the candidate (> c=${formatValue(candEdge)} ` +
    `in ${candAbove.length} of ${n} runs; ${versus}): ` +
    (improved ? 'improved' : 'not a regression');
  return {
    ...result(gated, improved ? 'improved' : 'pass', base.length, n, message),
    baseline: { mean: baseKnee, n: base.length },
  };
}

function baselineNotReached(
  nBase: number,
  baseAbove: KneeSample[],
  candReached: KneeSample[],
  gated: boolean,
): GateMetricResult {
  const baseEdge = medianOf(baseAbove.map(edgeOf));
  const below = candReached.filter((s) => s.knee.ci95[1] < baseEdge);
  const candKnee = medianOf(candReached.map(kneeOf));
  const regressed = majority(below.length, candReached.length);
  const status = regressed ? (gated ? 'fail' : 'warn') : 'pass';
  const message = regressed
    ? `knee now reached at c=${formatValue(candKnee)} (CI upper bound below ` +
      `c=${formatValue(baseEdge)}, where the baseline had not reached it)` +
      (gated ? '' : ' (warn-only; --gate-knee makes it fail)')
    : `knee reached at c=${formatValue(candKnee)}; baseline not reached (> c=${formatValue(baseEdge)}), ` +
      `and the candidate's CI reaches that far: not a regression`;
  return {
    ...result(gated, status, nBase, candReached.length, message),
    candidate: { mean: candKnee, n: candReached.length },
    changePct: (candKnee / baseEdge - 1) * 100,
  };
}

function hasKnee(s: GateSample): s is KneeSample {
  return s.knee !== null && Number.isFinite(s.knee.concurrency) && s.knee.concurrency > 0;
}

function kneeOf(s: KneeSample): number {
  return s.knee.concurrency;
}

/**
 * The edge of a censored knee: the analyzer reports it as the knee's concurrency (the highest
 * level it could use, which is below x_max when generator-limited steps were left out).
 */
function edgeOf(s: KneeSample): number {
  return s.knee.concurrency;
}

function result(
  gated: boolean,
  status: GateMetricResult['status'],
  nH: number,
  nC: number,
  message: string,
): GateMetricResult {
  return unjudgedResult({ name: NAME, kind: 'knee', gated, status, unit: 'concurrency' }, nH, nC, message);
}
