/**
 * Two-segment ("hinge") regression through the origin, profiled over the breakpoint
 * (Hudson 1966), made robust by Huber IRLS (ANALYSIS.md §3.3):
 *
 *   X(x) = a·min(x, τ) + b·max(x − τ, 0)         flat hinge: b ≡ 0
 *
 *   goodput
 *      |          τ
 *      |        __|_________ b≈0 plateau
 *      |      /
 *      |    /  slope a = 1/R0
 *      |  /
 *      +------------------- x (concurrency)
 *
 * For a fixed τ the model is linear in (a, b): a 2×2 weighted solve. With prefix sums of
 * w, w·x, w·x², w·X, w·x·X over the sorted points, every sum in that solve is a polynomial
 * in τ inside one data interval, so SSE(τ) costs O(1): the bootstrap can afford thousands
 * of fits. The flat hinge even has a closed-form optimum per interval,
 * τ* = Σ_gt(wX)·Σ_le(wx²) / (Σ_gt(w)·Σ_le(wxX)); the free hinge uses a grid plus golden
 * section. Points must be sorted by x (ascending, x > 0).
 */
import { createHingeWorkspace, searchBreakpoint, type HingeMode, type HingeWorkspace } from './hinge-search.js';
import { MAD_SCALE, madOf } from '../../stats/index.js';

/** A knee read from a fitted hinge (adaptive searches, continuous ramps). */
export type HingeKnee = {
  /** Knee concurrency; for a censored knee, the tested edge. */
  knee: number;
  censored: null | 'above' | 'below';
  /** Plateau goodput: the median window at or past the knee (censored: the best seen). */
  xmaxPerSec: number;
};

export { createHingeWorkspace, type HingeMode, type HingeWorkspace } from './hinge-search.js';

export type HingeFit = {
  a: number;
  b: number;
  tau: number;
  /** Σ w·h·r² with the final Huber weights h. */
  sse: number;
  /** Final Huber weights (1 = full weight). */
  huber: Float64Array;
};

/** Hinge value at x. */
export function hingeAt(a: number, b: number, tau: number, x: number): number {
  return x <= tau ? a * x : a * tau + b * (x - tau);
}

/**
 * Robust hinge fit: Huber IRLS (c = 1.345, scale 1.4826·MAD of the weighted residuals),
 * re-searching τ in every iteration. `w` are the per-step weights 1/(se² + (0.01·X)²).
 */
export function fitHinge(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  mode: HingeMode,
  options: { iterations?: number; gridPerInterval?: number; workspace?: HingeWorkspace } = {},
): HingeFit {
  const ws = options.workspace ?? createHingeWorkspace(x);
  const iterations = options.iterations ?? 5;
  const grid = options.gridPerInterval ?? 64;
  const h = ws.huber;
  for (let i = 0; i < ws.n; i += 1) h[i] = 1;
  let fit = { a: 0, b: 0, sse: 0, tau: ws.distinct[0] as number };
  for (let it = 0; it < iterations; it += 1) {
    for (let i = 0; i < ws.n; i += 1) ws.wc[i] = (w[i] as number) * (h[i] as number);
    fit = searchBreakpoint(ws, x, y, ws.wc, mode, grid);
    for (let i = 0; i < ws.n; i += 1) {
      ws.resid[i] = ((y[i] as number) - hingeAt(fit.a, fit.b, fit.tau, x[i] as number)) * Math.sqrt(w[i] as number);
    }
    // Unchanged weights give an identical refit: stop early (exactly the same answer).
    if (!updateHuberWeights(ws.resid, ws.n, h, ws.scratch, y, w)) break;
  }
  let sse = 0;
  for (let i = 0; i < ws.n; i += 1) sse += ((ws.wc[i] as number) * (ws.resid[i] as number) ** 2) / (w[i] as number);
  return { a: fit.a, b: fit.b, tau: fit.tau, sse, huber: Float64Array.from(h.subarray(0, ws.n)) };
}

/**
 * Huber weights from standardized residuals: h = min(1, c·s/|r|), s = 1.4826·MAD. The scale
 * is floored at 1e-6 of the typical weighted value so exact fits do not zero out rounding.
 * Returns whether any weight changed.
 */
export function updateHuberWeights(
  resid: Float64Array,
  n: number,
  h: Float64Array,
  scratch: Float64Array,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  c = 1.345,
): boolean {
  let typical = 0;
  for (let i = 0; i < n; i += 1) typical = Math.max(typical, Math.abs(y[i] as number) * Math.sqrt(w[i] as number));
  const s = Math.max(MAD_SCALE * madOf(resid, n, scratch), 1e-6 * typical, 1e-300);
  let changed = false;
  for (let i = 0; i < n; i += 1) {
    const r = Math.abs(resid[i] as number);
    const next = r <= c * s ? 1 : (c * s) / r;
    if (Math.abs(next - (h[i] as number)) > 1e-12) changed = true;
    h[i] = next;
  }
  return changed;
}
