/**
 * Order statistics and moments: median and MAD on typed arrays (quickselect, scratch
 * buffers: the bootstrap calls them thousands of times), percentiles, mean and variance.
 */

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

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Unbiased sample variance (n − 1); 0 for fewer than two values. */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return sum / (values.length - 1);
}
