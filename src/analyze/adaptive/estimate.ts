/**
 * The knee of an adaptive search and its 95 % interval (ANALYSIS.md §9.3), from the 1 s
 * windows of its levels as points (x = the level, y = the window's goodput): the same model
 * choice as sweeps (knee/index.ts findKnee: M0–M3 by AICc, shapes, censoring), read as a
 * hinge. The search decides from this estimate while it runs, and the analyzer reports the
 * same estimate afterwards, so the interval that stopped the search is the one reported.
 *
 * Interval: a residual bootstrap. The windows keep their levels (the design); their relative
 * residuals from the fitted hinge, inflated by √(n/(n−k)) for the k fitted parameters
 * (fitted residuals are smaller than the errors), are resampled with replacement and the
 * hinge of the chosen kind is refitted. Windows of different levels are seconds apart with
 * the load stopped in between, so they are resampled one by one, not in blocks. A search
 * stops on 8–15 windows, where percentile intervals run short (they act as if the noise
 * were known), so the interval is widened about the estimate by t(0.975, n−k)/z(0.975), as a
 * t interval would be; it always holds the estimate and is never narrowed. Coverage on
 * simulated pools: test/analyze/adaptive/search.test.ts (≥ 90 % of 200 seeds).
 */
import { findKnee } from '../knee/index.js';
import { createHingeWorkspace, fitHinge, hingeAt, type HingeKnee, type HingeMode } from '../knee/hinge.js';
import { createRng, maxOf, medianOf, normalQuantile, percentileInterval, studentTQuantile } from '../../stats/index.js';

/** One measured 1 s window of an adaptive level. */
export type AdaptivePoint = { level: number; goodputPerSec: number };

export type AdaptiveEstimate = HingeKnee & {
  ci95: [number, number];
  /** Slope below the knee, req/s per user (1/R0). */
  slope: number;
  /** Windows at levels below and past the knee. */
  below: number;
  beyond: number;
};

export type EstimateOptions = { samples: number; seed: number };

/** Relative noise floor of a window's goodput, so that exact synthetic data still get weights. */
const WEIGHT_FLOOR = 1;

function weightOf(goodputPerSec: number): number {
  return 1 / Math.max(goodputPerSec, WEIGHT_FLOOR) ** 2;
}

function sortedPoints(points: readonly AdaptivePoint[]): AdaptivePoint[] {
  return points.filter((p) => p.level > 0 && Number.isFinite(p.goodputPerSec)).sort((p, q) => p.level - q.level);
}

function counts(points: readonly AdaptivePoint[], knee: number): { below: number; beyond: number } {
  let below = 0;
  for (const p of points) if (p.level <= knee) below += 1;
  return { below, beyond: points.length - below };
}

/**
 * τ replicates: y* = fitted·(1 + r*), r* drawn with replacement from the inflated relative
 * residuals; the hinge (flat or free, as chosen) is refitted on each.
 */
function bootstrapTau(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  fit: { a: number; b: number; tau: number },
  mode: HingeMode,
  options: EstimateOptions,
): Float64Array {
  const n = x.length;
  const k = mode === 'free' ? 3 : 2;
  const inflate = Math.sqrt(n / Math.max(1, n - k));
  const fitted = Float64Array.from(x, (xi) => hingeAt(fit.a, fit.b, fit.tau, xi));
  const rel = Float64Array.from(y, (yi, i) => {
    const f = fitted[i] as number;
    return f > 0 ? (yi / f - 1) * inflate : 0;
  });
  const rng = createRng(options.seed ^ 0x5ad);
  const ws = createHingeWorkspace(x);
  const ys = new Float64Array(n);
  const taus = new Float64Array(options.samples);
  for (let r = 0; r < options.samples; r += 1) {
    for (let i = 0; i < n; i += 1) ys[i] = (fitted[i] as number) * (1 + (rel[rng.int(n)] as number));
    taus[r] = fitHinge(x, ys, w, mode, { workspace: ws, gridPerInterval: 16 }).tau;
  }
  return taus;
}

/**
 * The top level's median goodput is under 90 % of the hinge's rising line a·x: with few
 * levels, Huber IRLS can take such top levels for outliers and prefer the line (M0), but the
 * search saw throughput stop scaling there.
 */
const ON_LINE = 0.9;
function offTheLine(sorted: readonly AdaptivePoint[], a: number): boolean {
  const topLevel = sorted[sorted.length - 1]!.level;
  const top = medianOf(sorted.filter((p) => p.level === topLevel).map((p) => p.goodputPerSec));
  return top < ON_LINE * a * topLevel;
}

/** The replicates' percentile interval, widened about `tau` by t(0.975, n − k)/z(0.975). */
function widened(taus: Float64Array, tau: number, n: number, mode: HingeMode): [number, number] {
  const [pLo, pHi] = percentileInterval(taus);
  const df = Math.max(1, n - (mode === 'free' ? 3 : 2));
  const f = studentTQuantile(0.975, df) / normalQuantile(0.975);
  const lo = Math.min(pLo, tau);
  const hi = Math.max(pHi, tau);
  return [tau - f * (tau - lo), tau + f * (hi - tau)];
}

/**
 * The knee of the windows so far; null with fewer than 3 distinct levels (nothing to fit).
 * Censored above while the top levels still scale, below when the lowest level is already
 * saturated (findKnee's rules); otherwise a value with its bootstrap interval.
 */
export function estimateAdaptiveKnee(
  points: readonly AdaptivePoint[],
  options: EstimateOptions,
): AdaptiveEstimate | null {
  const sorted = sortedPoints(points);
  if (new Set(sorted.map((p) => p.level)).size < 3) return null;
  const kneePoints = sorted.map((p) => ({
    x: p.level,
    goodputPerSec: p.goodputPerSec,
    weight: weightOf(p.goodputPerSec),
  }));
  const fit = findKnee(kneePoints, { bootstrapSamples: 0, seed: options.seed });
  const slope = fit.hinge.a;
  if (fit.censored !== null && !(fit.censored === 'above' && offTheLine(sorted, fit.fits.m1.a))) {
    const top = maxOf(sorted.map((p) => p.goodputPerSec));
    return {
      knee: fit.edge,
      ci95: [fit.edge, fit.edge],
      censored: fit.censored,
      xmaxPerSec: fit.xmax ?? top,
      slope,
      ...counts(sorted, fit.edge),
    };
  }
  // A line chosen only because Huber weighting set the top levels aside as outliers is read as
  // the flat hinge: the top level's goodput is far below the line, so the line did not hold.
  const hinge = fit.censored === null ? fit.hinge : fit.fits.m1;
  const tau = hinge.tau;
  const x = Float64Array.from(sorted, (p) => p.level);
  const y = Float64Array.from(sorted, (p) => p.goodputPerSec);
  const w = Float64Array.from(sorted, (p) => weightOf(p.goodputPerSec));
  const mode: HingeMode = fit.model === 'M2' && fit.censored === null ? 'free' : 'flat';
  const beyondY = sorted.filter((p) => p.level >= tau).map((p) => p.goodputPerSec);
  const xmaxPerSec = beyondY.length > 0 ? medianOf(beyondY) : slope * tau;
  const ci95 =
    options.samples > 0 ? widened(bootstrapTau(x, y, w, hinge, mode, options), tau, x.length, mode) : [tau, tau];
  return { knee: tau, ci95: ci95 as [number, number], censored: null, xmaxPerSec, slope, ...counts(sorted, tau) };
}
