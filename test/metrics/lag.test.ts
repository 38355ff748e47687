import { describe, expect, it } from 'vitest';
import {
  LAG_BUCKETS,
  addLagBuckets,
  lagBucket,
  lagBucketUpperMs,
  lagPercentileMs,
  lateAfterMs,
  sparseLagBuckets,
} from '../../src/metrics/lag.js';

describe('lag histogram', () => {
  it('puts a lag in the half-octave bucket whose upper edge is above it (within ±42 %)', () => {
    for (const ms of [0.3, 0.9, 1, 3.7, 12, 250, 9_999]) {
      const i = lagBucket(ms);
      expect(lagBucketUpperMs(i)).toBeGreaterThan(ms);
      expect(lagBucketUpperMs(i - 1)).toBeLessThanOrEqual(ms);
    }
    expect(lagBucket(-0.2)).toBe(0);
    expect(lagBucket(Number.NaN)).toBe(0);
    expect(lagBucket(1e12)).toBe(LAG_BUCKETS - 1);
  });

  it('reads p50/p99 from sparse buckets, merged by adding counts', () => {
    const dense = new Array<number>(LAG_BUCKETS).fill(0);
    for (let k = 0; k < 98; k++) dense[lagBucket(1.2)]! += 1;
    dense[lagBucket(40)]! += 2;
    const merged = {};
    addLagBuckets(merged, sparseLagBuckets(dense));
    addLagBuckets(merged, sparseLagBuckets(dense));
    expect(lagPercentileMs(merged, 50)).toBeCloseTo(lagBucketUpperMs(lagBucket(1.2)), 9);
    expect(lagPercentileMs(merged, 99)).toBeCloseTo(lagBucketUpperMs(lagBucket(40)), 9);
    expect(lagPercentileMs({}, 99)).toBe(0);
  });

  it('late means max(10 ms, a tenth of the inter-arrival gap)', () => {
    expect(lateAfterMs(50)).toBe(10);
    expect(lateAfterMs(2)).toBe(50);
    expect(lateAfterMs(0)).toBe(10);
  });
});
