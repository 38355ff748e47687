/**
 * CAPKNEE step 3 (ANALYSIS.md §3.4): the candidate models, each fitted with Huber IRLS on
 * the usable steps, and AICc selection with a preference for the simpler model.
 *
 *   M0  X = a·x                 k = 1   (still rising: no knee in range)
 *   M1  flat hinge (b ≡ 0)      k = 2
 *   M2  free hinge              k = 3
 *   M3  USL (≥ 6 points)        k = 3
 *
 *   AICc = n·ln(SSE_w/n) + 2k + 2k(k+1)/(n−k−1)
 *
 * The breakpoint is a non-regular parameter (Davies 1987), so AICc is a heuristic: a more
 * complex model must win by ΔAICc ≥ 4 to be chosen.
 */
import { fitHinge, type HingeFit } from './hinge.js';
import { MAD_SCALE, madOf } from '../../stats/index.js';
import type { KneeModel } from '../types.js';
import { fitUsl, type UslFit } from './usl.js';

export type LinearFit = { a: number; sse: number; huber: Float64Array };

export type ModelFits = {
  m0: LinearFit;
  m1: HingeFit;
  m2: HingeFit | null;
  m3: UslFit | null;
  aicc: Record<KneeModel, number>;
  chosen: KneeModel;
};

const PARAMS: Record<KneeModel, number> = { M0: 1, M1: 2, M2: 3, M3: 3 };
const PREFER_SIMPLER = 4;

/** Per-step weight 1/(se² + (0.01·X)²): bucket noise plus a 1 % floor. */
export function fitWeight(goodputPerSec: number, sePerSec: number): number {
  const v = sePerSec * sePerSec + (0.01 * goodputPerSec) ** 2;
  return v > 0 ? 1 / v : 1;
}

/** Robust X = a·x (Huber IRLS, 5 iterations). */
export function fitLinear(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): LinearFit {
  const n = x.length;
  const h = new Float64Array(n).fill(1);
  const resid = new Float64Array(n);
  const scratch = new Float64Array(n);
  let a = 0;
  let sse = 0;
  for (let it = 0; it < 5; it += 1) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i += 1) {
      const wi = (w[i] as number) * (h[i] as number);
      num += wi * (x[i] as number) * (y[i] as number);
      den += wi * (x[i] as number) ** 2;
    }
    a = den > 0 ? num / den : 0;
    sse = 0;
    let typical = 0;
    for (let i = 0; i < n; i += 1) {
      const r = (y[i] as number) - a * (x[i] as number);
      sse += (w[i] as number) * (h[i] as number) * r * r;
      resid[i] = r * Math.sqrt(w[i] as number);
      typical = Math.max(typical, Math.abs(y[i] as number) * Math.sqrt(w[i] as number));
    }
    const s = Math.max(MAD_SCALE * madOf(resid, n, scratch), 1e-6 * typical, 1e-300);
    for (let i = 0; i < n; i += 1) {
      const r = Math.abs(resid[i] as number);
      h[i] = r <= 1.345 * s ? 1 : (1.345 * s) / r;
    }
  }
  return { a, sse, huber: h };
}

/** AICc of a fit with `k` parameters; +∞ when n ≤ k + 1 (not identifiable). */
export function aicc(sse: number, n: number, k: number, floor: number): number {
  if (n - k - 1 <= 0) return Number.POSITIVE_INFINITY;
  return n * Math.log(Math.max(sse, floor) / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}

/** The smallest AICc, unless a simpler model is within ΔAICc < 4 of it (ties on k: smaller AICc). */
export function chooseModel(scores: Record<KneeModel, number>): KneeModel {
  const models = (Object.keys(scores) as KneeModel[]).filter((m) => Number.isFinite(scores[m]));
  if (models.length === 0) return 'M0';
  const best = Math.min(...models.map((m) => scores[m]));
  const near = models.filter((m) => scores[m] < best + PREFER_SIMPLER);
  near.sort((p, q) => PARAMS[p] - PARAMS[q] || scores[p] - scores[q]);
  return near[0] as KneeModel;
}

/** Fits M0–M3 to sorted (x, X) with weights and picks one. */
export function fitModels(x: Float64Array, y: Float64Array, w: Float64Array): ModelFits {
  const n = x.length;
  let wyy = 0;
  for (let i = 0; i < n; i += 1) wyy += (w[i] as number) * (y[i] as number) ** 2;
  // Exact synthetic data have SSE = 0; floor it far below any real noise so ln() stays finite.
  const floor = Math.max(wyy * 1e-12, 1e-300);
  const m0 = fitLinear(x, y, w);
  const m1 = fitHinge(x, y, w, 'flat');
  const distinct = new Set(x).size;
  const m2 = distinct >= 3 ? fitHinge(x, y, w, 'free') : null;
  const m3 = n >= 6 ? fitUsl(x, y, { weights: w, robust: true }) : null;
  const scores: Record<KneeModel, number> = {
    M0: aicc(m0.sse, n, PARAMS.M0, floor),
    M1: aicc(m1.sse, n, PARAMS.M1, floor),
    M2: m2 === null ? Number.POSITIVE_INFINITY : aicc(m2.sse, n, PARAMS.M2, floor),
    M3: m3 === null || !m3.valid ? Number.POSITIVE_INFINITY : aicc(m3.sse, n, PARAMS.M3, floor),
  };
  return { m0, m1, m2, m3, aicc: scores, chosen: chooseModel(scores) };
}
