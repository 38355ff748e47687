/** Ordinary least squares and linear interpolation. */

/** Ordinary least squares y = c0 + c1·x; null with fewer than two distinct x. */
export function olsLine(xs: readonly number[], ys: readonly number[]): { c0: number; c1: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i += 1) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (sxx <= 0) return null;
  const c1 = sxy / sxx;
  return { c0: my - c1 * mx, c1 };
}

/** x where the segment (x0, y0)–(x1, y1) crosses `level` (clamped to the segment). */
export function crossingX(x0: number, y0: number, x1: number, y1: number, level: number): number {
  if (y1 === y0) return x1;
  const f = (level - y0) / (y1 - y0);
  return x0 + Math.min(Math.max(f, 0), 1) * (x1 - x0);
}

/** OLS slope of y over x; 0 with fewer than two distinct x. */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  return olsLine(xs, ys)?.c1 ?? 0;
}
