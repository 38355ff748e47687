/**
 * Schedule lag of open-model sends (how long after its intended time a request left), as a
 * small log-scale histogram: cheap on the hot path (one log2 and one increment), fixed size,
 * mergeable across workers, windows and shards by adding counts. Bucket 0 holds lags below
 * 0.25 ms; bucket i ≥ 1 holds [0.25·2^((i−1)/2), 0.25·2^(i/2)) ms (half-octaves, ±20 %);
 * the last bucket holds everything from ~185 s on. Pure.
 *
 *   bucket   0      1       2      3       4     …   12     …   20      …
 *   up to    0.25   0.35    0.5    0.71    1 ms  …   16 ms  …   256 ms  …
 */

export const LAG_BUCKETS = 40;
const BASE_MS = 0.25;

/** Lag histogram as stored: bucket index → count, non-zero buckets only. */
export type LagBuckets = Record<string, number>;

/** Bucket index of a lag in ms (negative lags, sends a hair early, go to bucket 0). */
export function lagBucket(lagMs: number): number {
  if (!(lagMs >= BASE_MS)) return 0;
  const i = 1 + Math.floor(2 * Math.log2(lagMs / BASE_MS));
  return i < LAG_BUCKETS ? i : LAG_BUCKETS - 1;
}

/** Upper edge of bucket `i`, ms: the value a percentile falling in it is reported as. */
export function lagBucketUpperMs(i: number): number {
  return BASE_MS * 2 ** (i / 2);
}

/** Adds `from` into `into` (both sparse). */
export function addLagBuckets(into: LagBuckets, from: Readonly<LagBuckets>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** Sparse form of a dense counter array. */
export function sparseLagBuckets(counts: ArrayLike<number>): LagBuckets {
  const out: LagBuckets = {};
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) out[String(i)] = counts[i]!;
  return out;
}

/** Percentile `p` (0–100) of the lag, ms (a bucket's upper edge; 0 below 0.25 ms or when empty). */
export function lagPercentileMs(buckets: Readonly<LagBuckets>, p: number): number {
  const entries = Object.entries(buckets)
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [i, n] of entries) {
    seen += n;
    if (seen >= rank) return i === 0 ? 0 : lagBucketUpperMs(i);
  }
  return 0;
}

/** A send is late enough to change the load (ANALYSIS.md §7.3): max(10 ms, a tenth of the inter-arrival gap). */
export function lateAfterMs(ratePerSec: number): number {
  return ratePerSec > 0 ? Math.max(10, 100 / ratePerSec) : 10;
}
