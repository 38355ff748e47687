/**
 * The decision rule of ANALYSIS.md §5.3 for one "lower is worse" metric, in log space:
 *
 *   H = ln(baseline values), C = ln(candidate values)
 *   s_hist = 1.4826 · MAD(H)                                   robust run-to-run SD
 *   δ      = max(δ_user, 1 − exp(−3 · s_hist · sqrt(1/|C| + 1/|H|)))   noise-calibrated margin
 *   d      = mean(C) − mean(H)
 *   up     = d + t_{1−α, Welch df} · sqrt(var(C)/|C| + var(H)/|H|)     one-sided upper bound
 *   fail   when d < ln(1 − δ) and up < 0        (large and significant: tentative, confirm it)
 *   warn   when exactly one of them holds       (small-but-real, or large-but-noisy)
 *   improved when d > ln(1 + δ) and the lower bound > 0
 *
 * With fewer than `minBaselineRuns` baseline runs the observed spread is a weak estimate,
 * so it is pooled with a prior CV worth `priorWeight` runs (as in a scaled-inverse-χ²
 * prior): s² = (w·s0² + (n−1)·s²_obs) / (w + n − 1), with w + n − 1 degrees of freedom.
 */
import { MAD_SCALE, madOf, mean, studentTQuantile, variance, welchDf } from '../stats/index.js';
import type { GateMetricResult } from './types.js';

export type LogRuleOptions = {
  tolerance: number;
  /** One-sided α for this metric (after any Bonferroni split). */
  alpha: number;
  priorCv: number;
  priorWeight: number;
  minBaselineRuns: number;
};

export type LogRuleResult = {
  status: 'pass' | 'improved' | 'warn' | 'fail';
  /** Why, for the message. */
  reason: 'regression' | 'small-but-real' | 'large-but-noisy' | 'within-noise' | 'improved';
  /** Geometric means of the raw values. */
  baselineMean: number;
  candidateMean: number;
  /** exp(d) − 1, exp(up) − 1 as fractions. */
  change: number;
  upperBound: number;
  /** δ as a fraction. */
  margin: number;
  /** Run-to-run noise used, as a CV fraction (exp(s_hist) − 1). */
  noise: number;
  /** True when the baseline had too few runs and the prior CV was pooled in. */
  weakNoiseEstimate: boolean;
};

export type RuleFigures = Pick<
  GateMetricResult,
  'baseline' | 'candidate' | 'changePct' | 'marginPct' | 'noisePct' | 'upperBoundPct'
>;

/** A judged rule's numbers as a metric result carries them: means with their run counts, fractions as percents. */
export function ruleFigures(r: LogRuleResult, baselineRuns: number, candidateRuns: number): RuleFigures {
  return {
    baseline: { mean: r.baselineMean, n: baselineRuns },
    candidate: { mean: r.candidateMean, n: candidateRuns },
    changePct: r.change * 100,
    marginPct: r.margin * 100,
    noisePct: r.noise * 100,
    upperBoundPct: r.upperBound * 100,
  };
}

/** A result with no judged figures (skipped, or decided on counts alone): no means, no percents. */
export function unjudgedResult(
  head: Pick<GateMetricResult, 'name' | 'kind' | 'gated' | 'status' | 'unit'>,
  baselineRuns: number,
  candidateRuns: number,
  message: string,
): GateMetricResult {
  return {
    ...head,
    baseline: { mean: null, n: baselineRuns },
    candidate: { mean: null, n: candidateRuns },
    changePct: null,
    marginPct: null,
    noisePct: null,
    upperBoundPct: null,
    message,
  };
}

/** Applies the §5.3 rule. Values must be positive; both arrays non-empty. */
export function judgeLowerIsWorse(
  baseline: readonly number[],
  candidate: readonly number[],
  options: LogRuleOptions,
): LogRuleResult {
  const h = baseline.map(Math.log);
  const c = candidate.map(Math.log);
  const nH = h.length;
  const nC = c.length;
  const spread = baselineSpread(h, options);
  const margin = Math.max(options.tolerance, 1 - Math.exp(-3 * spread.sHist * Math.sqrt(1 / nC + 1 / nH)));
  const d = mean(c) - mean(h);
  // A single candidate run has no spread of its own: assume the baseline's.
  const varC = nC >= 2 ? variance(c) : spread.sHist ** 2;
  const dfC = nC >= 2 ? nC - 1 : spread.dfH;
  const seC = varC / nC;
  const seH = spread.varH / nH;
  const se = Math.sqrt(seC + seH);
  const df = welchDf(seC, dfC, seH, spread.dfH);
  const t = se > 0 ? studentTQuantile(1 - options.alpha, df) : 0;
  const up = d + t * se;
  const lo = d - t * se;
  const large = d < Math.log(1 - margin);
  const significant = up < 0;
  let status: LogRuleResult['status'] = 'pass';
  let reason: LogRuleResult['reason'] = 'within-noise';
  if (large && significant) [status, reason] = ['fail', 'regression'];
  else if (significant) [status, reason] = ['warn', 'small-but-real'];
  else if (large) [status, reason] = ['warn', 'large-but-noisy'];
  else if (d > Math.log(1 + margin) && lo > 0) [status, reason] = ['improved', 'improved'];
  return {
    status,
    reason,
    baselineMean: Math.exp(mean(h)),
    candidateMean: Math.exp(mean(c)),
    change: Math.exp(d) - 1,
    upperBound: Math.exp(up) - 1,
    margin,
    noise: Math.exp(spread.sHist) - 1,
    weakNoiseEstimate: spread.weak,
  };
}

type Spread = { sHist: number; varH: number; dfH: number; weak: boolean };

function baselineSpread(h: readonly number[], options: LogRuleOptions): Spread {
  const n = h.length;
  const sObs = MAD_SCALE * madOf(h);
  const varObs = variance(h);
  if (n >= options.minBaselineRuns) return { sHist: sObs, varH: varObs, dfH: n - 1, weak: false };
  const s0 = Math.log(1 + options.priorCv);
  const w = options.priorWeight;
  const df = w + n - 1;
  return {
    sHist: Math.sqrt((w * s0 * s0 + (n - 1) * sObs * sObs) / df),
    varH: (w * s0 * s0 + (n - 1) * varObs) / df,
    dfH: df,
    weak: true,
  };
}
