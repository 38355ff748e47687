/**
 * Axis arithmetic for the SVG charts: "nice" tick steps (1, 2, 5 × 10^k, Heckbert's
 * Graphics Gems method) and linear scales. Pure.
 */

export type Ticks = { min: number; max: number; step: number; ticks: number[] };

/** Rounds away binary noise (0.1 + 0.2) so tick labels print cleanly. */
function clean(x: number): number {
  return Number.parseFloat(x.toPrecision(12));
}

/** The nice step for about `target` intervals over `range`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(range: number, target: number): number {
  const raw = range / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm < 1.5 ? 1 : norm < 2.25 ? 2 : norm < 3.5 ? 2.5 : norm < 7.5 ? 5 : 10;
  return clean(nice * magnitude);
}

/**
 * Ticks covering [min, max] with about `target` intervals; the returned min/max are
 * widened to whole steps so the data never touches the frame edge unlabelled.
 */
export function niceTicks(min: number, max: number, target = 5): Ticks {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= lo === 0 ? 0 : pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, target);
  const start = clean(Math.floor(clean(lo / step)) * step);
  const end = clean(Math.ceil(clean(hi / step)) * step);
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const t = clean(start + i * step);
    if (t > end + step / 2) break;
    ticks.push(t);
  }
  return { min: start, max: end, step, ticks };
}

/** A linear map from a data domain onto a pixel range (range may be inverted for y). */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** A compact axis label: 1500 → "1.5k", 2000000 → "2M", 0.25 → "0.25". */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${clean(value / 1e6)}M`;
  if (abs >= 1e4) return `${clean(value / 1e3)}k`;
  return `${clean(value)}`;
}
