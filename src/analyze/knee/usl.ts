/**
 * Universal Scalability Law fit by variable projection (ANALYSIS.md §2.2):
 *
 *   X(N) = λ·N / (1 + σ(N−1) + κ·N(N−1))        N_peak = sqrt((1−σ)/κ)
 *
 * For fixed (σ, κ) the model is linear in λ: λ̂ = Σw·X·g / Σw·g², g = N/(1+σ(N−1)+κN(N−1)),
 * so the search is two-dimensional: a grid over σ ∈ [0, 0.99] × log10 κ ∈ [−8, 0] (plus
 * κ = 0), then a bounded Nelder–Mead polish. Deterministic, no unconstrained LM (whose
 * answers depend on the starting point, see usl-rs). Used to classify smooth/retrograde
 * curves, never to locate a pool ceiling (§2.5).
 */
import { minimizeBounded } from '../../stats/index.js';
import { MAD_SCALE, madOf } from '../../stats/index.js';

export type UslFit = {
  sigma: number;
  kappa: number;
  lambda: number;
  /** Σ w·h·r² (Huber weights h; all 1 for the plain fit). */
  sse: number;
  /** sqrt((1−σ)/κ); null when κ = 0 (no retrograde peak). */
  nPeak: number | null;
  xPeak: number | null;
  /** False when σ hit its upper bound (the data are not a scalability curve). */
  valid: boolean;
};

const LOG_KAPPA_MIN = -8;
const KAPPA_ZERO_BELOW = 1e-9;

/** X(N) for USL parameters. */
export function uslAt(sigma: number, kappa: number, lambda: number, n: number): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

function profile(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  sigma: number,
  kappa: number,
): { lambda: number; sse: number } {
  let sgg = 0;
  let sxg = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i += 1) {
    const n = x[i] as number;
    const g = n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    const wi = w[i] as number;
    const yi = y[i] as number;
    sgg += wi * g * g;
    sxg += wi * yi * g;
    sxx += wi * yi * yi;
  }
  const lambda = sgg > 0 ? sxg / sgg : 0;
  return { lambda, sse: Math.max(sxx - lambda * sxg, 0) };
}

function polish(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  sigma0: number,
  logKappa0: number,
  tolerance: number,
): { sigma: number; kappa: number } {
  // Minimize in (σ, log10 κ): κ spans eight decades.
  const withKappa = minimizeBounded(
    (p) => profile(x, y, w, p[0] as number, 10 ** (p[1] as number)).sse,
    [sigma0, logKappa0],
    [0.01, 0.1],
    [
      [0, 0.99],
      [LOG_KAPPA_MIN - 2, 0],
    ],
    { tolerance },
  );
  const noKappa = minimizeBounded((p) => profile(x, y, w, p[0] as number, 0).sse, [sigma0], [0.01], [[0, 0.99]], {
    tolerance,
  });
  return noKappa.value <= withKappa.value
    ? { sigma: noKappa.point[0] as number, kappa: 0 }
    : { sigma: withKappa.point[0] as number, kappa: 10 ** (withKappa.point[1] as number) };
}

function gridStart(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
): { sigma: number; logKappa: number } {
  let best = { sse: Number.POSITIVE_INFINITY, sigma: 0, logKappa: LOG_KAPPA_MIN };
  for (let si = 0; si <= 99; si += 1) {
    const sigma = si / 100;
    for (let ki = -1; ki <= 80; ki += 1) {
      const logKappa = ki < 0 ? LOG_KAPPA_MIN - 2 : LOG_KAPPA_MIN + ki / 10;
      const { sse } = profile(x, y, w, sigma, 10 ** logKappa);
      if (sse < best.sse) best = { sse, sigma, logKappa };
    }
  }
  return best;
}

function finish(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  sigma: number,
  kappaRaw: number,
): UslFit {
  const kappa = kappaRaw < KAPPA_ZERO_BELOW ? 0 : kappaRaw;
  const wh = Float64Array.from({ length: x.length }, (_, i) => (w[i] as number) * (h[i] as number));
  const { lambda, sse } = profile(x, y, wh, sigma, kappa);
  const nPeak = kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : null;
  return {
    sigma,
    kappa,
    lambda,
    sse,
    nPeak,
    xPeak: nPeak === null ? null : uslAt(sigma, kappa, lambda, nPeak),
    valid: sigma < 0.99 - 1e-6,
  };
}

/**
 * Fits the USL to (N, X) points. `weights` default to 1 (plain least squares, as in the
 * reference implementations); `robust` runs Huber IRLS (5 iterations) on top.
 */
export function fitUsl(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { weights?: ArrayLike<number>; robust?: boolean; start?: { sigma: number; kappa: number } } = {},
): UslFit {
  const n = x.length;
  const w = options.weights ?? new Float64Array(n).fill(1);
  const h = new Float64Array(n).fill(1);
  const wh = new Float64Array(n);
  const start =
    options.start ??
    (() => {
      const g = gridStart(x, y, w);
      return { sigma: g.sigma, kappa: 10 ** g.logKappa };
    })();
  let params = { sigma: start.sigma, kappa: start.kappa };
  const iterations = options.robust === true ? 5 : 1;
  const resid = new Float64Array(n);
  const scratch = new Float64Array(n);
  for (let it = 0; it < iterations; it += 1) {
    for (let i = 0; i < n; i += 1) wh[i] = (w[i] as number) * (h[i] as number);
    // The plain fit is the reference (T1: book values to 0.02 %); robust passes only rank models.
    params = polish(
      x,
      y,
      wh,
      params.sigma,
      Math.log10(Math.max(params.kappa, 10 ** (LOG_KAPPA_MIN - 2))),
      options.robust === true ? 1e-9 : 1e-13,
    );
    if (options.robust !== true) break;
    const { lambda } = profile(x, y, wh, params.sigma, params.kappa);
    let typical = 0;
    for (let i = 0; i < n; i += 1) {
      const sw = Math.sqrt(w[i] as number);
      resid[i] = ((y[i] as number) - uslAt(params.sigma, params.kappa, lambda, x[i] as number)) * sw;
      typical = Math.max(typical, Math.abs(y[i] as number) * sw);
    }
    const s = Math.max(MAD_SCALE * madOf(resid, n, scratch), 1e-6 * typical, 1e-300);
    for (let i = 0; i < n; i += 1) {
      const r = Math.abs(resid[i] as number);
      h[i] = r <= 1.345 * s ? 1 : (1.345 * s) / r;
    }
  }
  return finish(x, y, w, h, params.sigma, params.kappa);
}
