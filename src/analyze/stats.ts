/**
 * Small numeric helpers for the analyzer: order statistics on typed arrays, the Wilson
 * score bound, ordinary least squares, linear interpolation, and the seeded PRNG wrapper.
 * Pure: the only randomness is a pure-rand generator created from an explicit seed.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Scale that makes the median absolute deviation a consistent estimate of a normal SD. */
export const MAD_SCALE = 1.4826;

/** Moves the k-th smallest of buf[0, n) to index k (Hoare quickselect, in place, O(n) expected). */
function selectInPlace(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = buf[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((buf[i] as number) < pivot) i += 1;
      while ((buf[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const t = buf[i] as number;
        buf[i] = buf[j] as number;
        buf[j] = t;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return buf[k] as number;
}

/**
 * Median of the first `n` values (copied into `scratch`, which is reordered; the bootstrap
 * calls this thousands of times, so it selects rather than sorts).
 */
export function medianOf(values: ArrayLike<number>, n = values.length, scratch?: Float64Array): number {
  if (n === 0) return Number.NaN;
  const buf = scratch !== undefined && scratch.length >= n ? scratch : new Float64Array(n);
  if (buf !== values) for (let i = 0; i < n; i += 1) buf[i] = values[i] as number;
  const mid = n >> 1;
  const upper = selectInPlace(buf, n, mid);
  if (n % 2 === 1) return upper;
  let lower = buf[0] as number;
  for (let i = 1; i < mid; i += 1) if ((buf[i] as number) > lower) lower = buf[i] as number;
  return (lower + upper) / 2;
}

/** Median absolute deviation around the median (not scaled). */
export function madOf(values: ArrayLike<number>, n = values.length, scratch?: Float64Array): number {
  const med = medianOf(values, n, scratch);
  const buf = scratch !== undefined && scratch.length >= n ? scratch : new Float64Array(n);
  for (let i = 0; i < n; i += 1) buf[i] = Math.abs((values[i] as number) - med);
  return medianOf(buf, n, buf);
}

/** Percentile (linear interpolation between order statistics), p in [0, 1]; sorts `sorted` in place if asked. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(p, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const f = pos - lo;
  return (sorted[lo] as number) * (1 - f) + (sorted[hi] as number) * f;
}

/** Percentile 95 % interval of a sample (NaNs dropped); [NaN, NaN] when empty. */
export function percentileInterval(sample: ArrayLike<number>): [number, number] {
  const finite: number[] = [];
  for (let i = 0; i < sample.length; i += 1) {
    const v = sample[i] as number;
    if (Number.isFinite(v)) finite.push(v);
  }
  const sorted = Float64Array.from(finite).sort();
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}

/** Wilson score interval lower bound (z = 1.96) of `events` out of `trials`. */
export function wilsonLower(events: number, trials: number, z = 1.959964): number {
  if (trials <= 0) return 0;
  const p = events / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

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

/** A seeded source of uniform integers and signs (xoroshiro128+ from pure-rand, advanced in place). */
export type Rng = { int: (n: number) => number; sign: () => number };

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  const TWO32 = 4294967296;
  let spare = -1;
  return {
    // Multiply-shift mapping to [0, n). For n ≤ 2^16 each 32-bit draw serves two indices
    // (16 bits each; bias < n/2^16, about 0.2 % for a 1-hour step): the block bootstrap
    // draws millions of block starts, and the generator call is its main cost.
    int: (n) => {
      if (n <= 65536) {
        let h: number;
        if (spare >= 0) {
          h = spare;
          spare = -1;
        } else {
          const v = gen.next() >>> 0;
          h = v & 0xffff;
          spare = v >>> 16;
        }
        return (h * n) >>> 16;
      }
      return Math.floor(((gen.next() >>> 0) / TWO32) * n);
    },
    sign: () => ((gen.next() & 1) === 0 ? -1 : 1),
  };
}
