/**
 * The knee of a continuous ramp from its window points (ANALYSIS.md §9.2): the same model
 * choice as sweeps (knee/index.ts findKnee: M0–M3 by AICc, shapes, censoring), read as a
 * hinge, with the interval from a moving-block bootstrap of the windows (blocks of 3
 * consecutive windows: neighbours are autocorrelated). Each replicate refits the hinge of
 * the chosen kind (flat, or free for M2) and keeps τ and the plateau.
 *
 *   closed   knee = τ (concurrency), Xmax = median goodput of the windows at x ≥ τ
 *   open     τ is the rate λ* where completions stop following arrivals; Xmax as above;
 *            knee N* = Xmax·R0 (R0 = mean latency of the windows below τ/2, Little's law)
 *   censored above when the 3 highest windows still sit on the rising line (≥ 90 % of a·x),
 *            or (open) fewer than 3 windows past τ fall short of their arrivals (X < 0.9·λ
 *            or in-flight growing by > 5 % of λ per second): no evidence of saturation.
 */
import { findKnee } from '../knee/index.js';
import {
  createHingeWorkspace,
  fitHinge,
  hingeAt,
  type HingeFit,
  type HingeKnee,
  type HingeMode,
} from '../knee/hinge.js';
import { createRng, maxOf, medianOf, percentileInterval } from '../../stats/index.js';
import type { LoadModel } from '../../scenario/types.js';
import type { RampPoint } from './points.js';

/** `knee` is Xmax·R0 under open load. */
export type RampKnee = HingeKnee & {
  kneeCi: [number, number];
  /** Closed: the concurrency τ; open: the rate λ*. */
  tau: number;
  xmaxCi: [number, number];
  r0Ms: number;
  /** Windows that carried the fit, and how many lie past the knee. */
  windows: number;
  windowsBeyond: number;
};

export type RampOptions = { model: LoadModel; samples: number; seed: number; r0Ms: number | null };

const MIN_WINDOWS = 8;
const BLOCK = 3;
const ON_LINE = 0.9;

function plateauOf(x: ArrayLike<number>, y: ArrayLike<number>, tau: number): number {
  const beyond: number[] = [];
  for (let i = 0; i < x.length; i += 1) if ((x[i] as number) >= tau) beyond.push(y[i] as number);
  return beyond.length > 0 ? medianOf(beyond) : Number.NaN;
}

/**
 * τ and plateau replicates: the windows keep their x (a ramp's design is fixed); their relative
 * residuals from the fitted hinge are resampled in moving blocks of 3 consecutive windows.
 */
function bootstrap(
  points: readonly RampPoint[],
  fit: HingeFit,
  mode: HingeMode,
  samples: number,
  seed: number,
): [Float64Array, Float64Array] {
  const n = points.length;
  const order = [...points].sort((p, q) => p.x - q.x);
  const x = Float64Array.from(order, (p) => p.x);
  const w = Float64Array.from(order, (p) => p.weight);
  const fitted = Float64Array.from(points, (p) => hingeAt(fit.a, fit.b, fit.tau, p.x));
  const rel = Float64Array.from(points, (p, i) => {
    const f = fitted[i] as number;
    return f > 0 ? p.goodputPerSec / f - 1 : 0;
  });
  const rank = new Int32Array(n);
  points.forEach((p, i) => (rank[i] = order.indexOf(p)));
  const rng = createRng(seed ^ 0x7a3);
  const ws = createHingeWorkspace(x);
  const y = new Float64Array(n);
  const taus = new Float64Array(samples);
  const plateaus = new Float64Array(samples);
  for (let r = 0; r < samples; r += 1) {
    for (let k = 0; k < n; k += BLOCK) {
      const start = rng.int(n - BLOCK + 1);
      for (let j = 0; j < BLOCK && k + j < n; j += 1) {
        y[rank[k + j] as number] = (fitted[k + j] as number) * (1 + (rel[start + j] as number));
      }
    }
    const refit = fitHinge(x, y, w, mode, { workspace: ws, gridPerInterval: 16 });
    taus[r] = refit.tau;
    const p = plateauOf(x, y, refit.tau);
    plateaus[r] = Number.isFinite(p) ? p : refit.a * refit.tau;
  }
  return [taus, plateaus];
}

/**
 * Lag-1 autocorrelation of the relative residuals in time order, with the small-sample bias
 * correction ρ̂ + (1 + 3ρ̂)/n (Kendall 1954), clamped to [0, 0.8].
 */
function lagOneCorrelation(points: readonly RampPoint[], fit: HingeFit): number {
  const r = points.map((p) => {
    const f = hingeAt(fit.a, fit.b, fit.tau, p.x);
    return f > 0 ? p.goodputPerSec / f - 1 : 0;
  });
  let num = 0;
  let den = 0;
  for (let i = 0; i < r.length; i += 1) {
    den += (r[i] as number) ** 2;
    if (i > 0) num += (r[i] as number) * (r[i - 1] as number);
  }
  const rho = den > 0 ? num / den : 0;
  return Math.min(0.8, Math.max(0, rho + (1 + 3 * rho) / r.length));
}

/**
 * The percentile interval of the replicates, widened about the estimate: short blocks only
 * partly carry the windows' autocorrelation, and fitted residuals are smaller than the
 * errors (n − 3 degrees of freedom). The factor √(n/(n−3))·√((1+ρ)/(1−ρ)) never narrows it.
 */
function widened(reps: Float64Array, estimate: number, n: number, rho: number): [number, number] {
  const [pLo, pHi] = percentileInterval(reps);
  const lo = Math.min(pLo, estimate);
  const hi = Math.max(pHi, estimate);
  const f = Math.sqrt(n / Math.max(1, n - 3)) * Math.sqrt((1 + rho) / (1 - rho));
  return [Math.min(lo, estimate - f * (estimate - lo)), Math.max(hi, estimate + f * (hi - estimate))];
}

/**
 * The unloaded latency: the median of the per-window mean ok latency over the windows below
 * half the knee (a median: a few slow windows, such as a queue still draining, must not move
 * it), and the relative half-width of its 95 % interval (1.96·s/√n with s = 1.4826·MAD; 0 with one window).
 */
function unloadedMs(points: readonly RampPoint[], tau: number, fallback: number | null): [number, number] {
  const low = points.filter((p) => p.x <= tau / 2 && p.goodputPerSec > 0 && p.meanOkLatencyMs > 0);
  if (low.length === 0) return [fallback ?? 0, 0];
  const r0 = medianOf(low.map((p) => p.meanOkLatencyMs));
  if (low.length < 2) return [r0, 0];
  const sd = 1.4826 * medianOf(low.map((p) => Math.abs(p.meanOkLatencyMs - r0)));
  return [r0, (1.959964 * sd) / Math.sqrt(low.length) / r0];
}

function saturatedBeyond(points: readonly RampPoint[], tau: number, model: LoadModel): number {
  const beyond = points.filter((p) => p.x > tau);
  if (model === 'closed') return beyond.length;
  return beyond.filter((p) => p.goodputPerSec < ON_LINE * p.x || p.growthPerSec > 0.05 * p.x).length;
}

/** The ramp's knee; null with fewer than 8 windows or without a bootstrap (no interval without one). */
export function rampKnee(points: readonly RampPoint[], options: RampOptions): RampKnee | null {
  if (points.length < MIN_WINDOWS || options.samples <= 0) return null;
  const fit = findKnee(
    points.map((p) => ({ x: p.x, goodputPerSec: p.goodputPerSec, weight: p.weight })),
    { bootstrapSamples: 0, seed: options.seed, r0Sec: options.r0Ms === null ? null : options.r0Ms / 1000 },
  );
  const top = [...points].sort((p, q) => q.x - p.x).slice(0, BLOCK);
  const tau = fit.hinge.tau;
  const onLine = top.every((p) => p.goodputPerSec >= ON_LINE * fit.hinge.a * p.x);
  const edge = maxOf(points.map((p) => p.x));
  const beyond = saturatedBeyond(points, tau, options.model);
  const [r0Ms, r0Half] = unloadedMs(points, tau, options.r0Ms);
  const base = { tau, r0Ms, windows: points.length, windowsBeyond: beyond };
  if (fit.censored !== null || onLine || beyond < BLOCK || !(r0Ms > 0)) {
    const censored = fit.censored === 'below' ? 'below' : 'above';
    const xmax = fit.xmax ?? maxOf(points.map((p) => p.goodputPerSec));
    return { ...base, knee: edge, kneeCi: [edge, edge], censored, xmaxPerSec: xmax, xmaxCi: [xmax, xmax] };
  }
  const xs = Float64Array.from(points, (p) => p.x);
  const ys = Float64Array.from(points, (p) => p.goodputPerSec);
  const xmaxPerSec = plateauOf(xs, ys, tau);
  const mode: HingeMode = fit.model === 'M2' ? 'free' : 'flat';
  const [taus, plateaus] = bootstrap(points, fit.hinge, mode, options.samples, options.seed);
  const rho = lagOneCorrelation(points, fit.hinge);
  const xmaxCi = widened(plateaus, xmaxPerSec, points.length, rho);
  if (options.model === 'closed') {
    return { ...base, knee: tau, kneeCi: widened(taus, tau, points.length, rho), censored: null, xmaxPerSec, xmaxCi };
  }
  // N* = Xmax·R0: its interval carries both uncertainties (R0 from the windows below λ*/2).
  const r0 = r0Ms / 1000;
  const kneeCi: [number, number] = [xmaxCi[0] * r0 * Math.max(0, 1 - r0Half), xmaxCi[1] * r0 * (1 + r0Half)];
  return { ...base, knee: xmaxPerSec * r0, kneeCi, censored: null, xmaxPerSec, xmaxCi };
}
