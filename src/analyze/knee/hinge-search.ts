/**
 * The breakpoint search of the hinge fit (hinge.ts): prefix sums over the sorted points make
 * every weighted sum of the 2×2 solve a polynomial in τ inside one data interval, so SSE(τ)
 * costs O(1). The flat hinge has a closed-form optimum per interval; the free hinge uses a
 * grid plus golden section. Nothing here allocates per τ.
 */
export type HingeMode = 'flat' | 'free';

/** Reusable typed arrays for repeated fits of n points (the bootstrap allocates one). */
export type HingeWorkspace = {
  n: number;
  pw: Float64Array;
  pwx: Float64Array;
  pwxx: Float64Array;
  pwy: Float64Array;
  pwxy: Float64Array;
  wc: Float64Array;
  resid: Float64Array;
  scratch: Float64Array;
  huber: Float64Array;
  /** Output of the last solve: [a, b, sse] (no allocation per τ). */
  out: Float64Array;
  /** Distinct x values and, for each, the count of points with x ≤ it. */
  distinct: Float64Array;
  endIndex: Int32Array;
  k: number;
};

export function createHingeWorkspace(x: ArrayLike<number>): HingeWorkspace {
  const n = x.length;
  const f = (): Float64Array => new Float64Array(n + 1);
  const distinct = new Float64Array(n);
  const endIndex = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i += 1) {
    const xi = x[i] as number;
    if (k > 0 && distinct[k - 1] === xi) endIndex[k - 1] = i + 1;
    else {
      distinct[k] = xi;
      endIndex[k] = i + 1;
      k += 1;
    }
  }
  return {
    n,
    pw: f(),
    pwx: f(),
    pwxx: f(),
    pwy: f(),
    pwxy: f(),
    wc: f(),
    resid: f(),
    scratch: f(),
    huber: f(),
    out: new Float64Array(3),
    distinct,
    endIndex,
    k,
  };
}

export type Best = { a: number; b: number; sse: number; tau: number };

function prefix(ws: HingeWorkspace, x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): number {
  let yy = 0;
  for (let i = 0; i < ws.n; i += 1) {
    const wi = w[i] as number;
    const xi = x[i] as number;
    const yi = y[i] as number;
    ws.pw[i + 1] = (ws.pw[i] as number) + wi;
    ws.pwx[i + 1] = (ws.pwx[i] as number) + wi * xi;
    ws.pwxx[i + 1] = (ws.pwxx[i] as number) + wi * xi * xi;
    ws.pwy[i + 1] = (ws.pwy[i] as number) + wi * yi;
    ws.pwxy[i + 1] = (ws.pwxy[i] as number) + wi * xi * yi;
    yy += wi * yi * yi;
  }
  return yy;
}

/** Weighted solve at τ, where the first `e` points have x ≤ τ; writes [a, b, sse] to ws.out, returns sse. */
function solveAt(ws: HingeWorkspace, e: number, tau: number, yy: number, flat: boolean): number {
  const n = ws.n;
  const out = ws.out;
  const wGt = (ws.pw[n] as number) - (ws.pw[e] as number);
  const wyGt = (ws.pwy[n] as number) - (ws.pwy[e] as number);
  const a11 = (ws.pwxx[e] as number) + tau * tau * wGt;
  const r1 = (ws.pwxy[e] as number) + tau * wyGt;
  if (!flat && wGt > 0) {
    const wxGt = (ws.pwx[n] as number) - (ws.pwx[e] as number);
    const a12 = tau * wxGt - tau * tau * wGt;
    const a22 = (ws.pwxx[n] as number) - (ws.pwxx[e] as number) - 2 * tau * wxGt + tau * tau * wGt;
    const r2 = (ws.pwxy[n] as number) - (ws.pwxy[e] as number) - tau * wyGt;
    const det = a11 * a22 - a12 * a12;
    if (Math.abs(det) > 1e-300) {
      const a = (r1 * a22 - r2 * a12) / det;
      const b = (a11 * r2 - a12 * r1) / det;
      out[0] = a;
      out[1] = b;
      out[2] = yy - a * r1 - b * r2;
      return out[2] as number;
    }
  }
  const a = a11 > 0 ? r1 / a11 : 0;
  out[0] = a;
  out[1] = 0;
  out[2] = yy - a * r1;
  return out[2] as number;
}

/** Index of the interval [d_j, d_{j+1}) holding τ (binary search over distinct x). */
function intervalOf(ws: HingeWorkspace, tau: number): number {
  let lo = 0;
  let hi = ws.k - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((ws.distinct[mid] as number) <= tau) lo = mid;
    else hi = mid;
  }
  return (ws.distinct[hi] as number) <= tau ? hi : lo;
}

function sseAt(ws: HingeWorkspace, tau: number, yy: number): number {
  return solveAt(ws, ws.endIndex[intervalOf(ws, tau)] as number, tau, yy, false);
}

function keep(ws: HingeWorkspace, best: Best, tau: number): void {
  best.a = ws.out[0] as number;
  best.b = ws.out[1] as number;
  best.sse = ws.out[2] as number;
  best.tau = tau;
}

/**
 * Best τ for fixed weights. The free hinge searches [x_(1), x_(k−1)] (b needs a point
 * beyond τ): `gridPerInterval` interior points per data interval, then golden section
 * between the grid neighbours of the best point. The flat hinge also searches the last
 * interval (a plateau reached only by the top level is still identified) in closed form.
 */
export function searchBreakpoint(
  ws: HingeWorkspace,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  mode: HingeMode,
  gridPerInterval: number,
): Best {
  const yy = prefix(ws, x, y, w);
  const best: Best = { a: 0, b: 0, sse: Number.POSITIVE_INFINITY, tau: ws.distinct[0] as number };
  const n = ws.n;
  if (mode === 'flat') {
    for (let j = 0; j < ws.k; j += 1) {
      const lo = ws.distinct[j] as number;
      const e = ws.endIndex[j] as number;
      if (solveAt(ws, e, lo, yy, true) < best.sse) keep(ws, best, lo);
      if (j === ws.k - 1) break;
      const hi = ws.distinct[j + 1] as number;
      const num = ((ws.pwy[n] as number) - (ws.pwy[e] as number)) * (ws.pwxx[e] as number);
      const den = ((ws.pw[n] as number) - (ws.pw[e] as number)) * (ws.pwxy[e] as number);
      const t = den !== 0 ? num / den : lo;
      if (t > lo && t < hi && solveAt(ws, e, t, yy, true) < best.sse) keep(ws, best, t);
    }
    return best;
  }
  const lastFree = Math.max(ws.k - 2, 0);
  for (let j = 0; j <= lastFree; j += 1) {
    const lo = ws.distinct[j] as number;
    const e = ws.endIndex[j] as number;
    if (solveAt(ws, e, lo, yy, false) < best.sse) keep(ws, best, lo);
    if (j === lastFree) break;
    const step = ((ws.distinct[j + 1] as number) - lo) / (gridPerInterval + 1);
    for (let g = 1; g <= gridPerInterval; g += 1) {
      const t = lo + g * step;
      if (solveAt(ws, e, t, yy, false) < best.sse) keep(ws, best, t);
    }
  }
  if (ws.k < 3) return best;
  const j = intervalOf(ws, best.tau);
  const spacing = (i: number): number =>
    ((ws.distinct[i + 1] as number) - (ws.distinct[i] as number)) / (gridPerInterval + 1);
  const right = j < lastFree ? spacing(j) : 0;
  const left = best.tau > (ws.distinct[j] as number) ? spacing(j) : j > 0 ? spacing(j - 1) : 0;
  goldenRefine(ws, best, best.tau - left, best.tau + right, yy);
  return best;
}

function goldenRefine(ws: HingeWorkspace, best: Best, from: number, to: number, yy: number): void {
  let lo = from;
  let hi = to;
  if (!(hi > lo)) return;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = sseAt(ws, c, yy);
  let fd = sseAt(ws, d, yy);
  for (let it = 0; it < 40 && hi - lo > 1e-9 * Math.max(1, hi); it += 1) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = sseAt(ws, c, yy);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = sseAt(ws, d, yy);
    }
  }
  const t = fc < fd ? c : d;
  if (sseAt(ws, t, yy) < best.sse) keep(ws, best, t);
}
