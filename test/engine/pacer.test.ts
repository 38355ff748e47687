import { describe, expect, it } from 'vitest';
import { arrivalOffsetMs, exponentialGap, rateAt, segmentArrivals } from '../../src/engine/pacer.js';

describe('arrivalOffsetMs', () => {
  it.each([
    { rate: 500, k: 0, ms: 0 },
    { rate: 500, k: 1, ms: 2 },
    { rate: 500, k: 4999, ms: 9998 },
    { rate: 200, k: 100, ms: 500 },
  ])('hold at $rate/s puts arrival $k at $ms ms (absolute schedule)', ({ rate, k, ms }) => {
    expect(arrivalOffsetMs(k, rate, rate, 10_000)).toBeCloseTo(ms, 9);
  });

  it('stops exactly at the expected count: 500/s for 10 s is 5000 arrivals', () => {
    expect(arrivalOffsetMs(4999, 500, 500, 10_000)).toBeLessThan(10_000);
    expect(arrivalOffsetMs(5000, 500, 500, 10_000)).toBe(Infinity);
    expect(segmentArrivals(500, 500, 10_000)).toBe(5000);
  });

  it('inverts the cumulative arrivals of a linear ramp', () => {
    // 0 -> 100/s over 10 s: Λ(t) = 5 t², 500 arrivals in all.
    expect(segmentArrivals(0, 100, 10_000)).toBe(500);
    expect(arrivalOffsetMs(5, 0, 100, 10_000)).toBeCloseTo(1000, 6);
    expect(arrivalOffsetMs(125, 0, 100, 10_000)).toBeCloseTo(5000, 6);
    expect(arrivalOffsetMs(500, 0, 100, 10_000)).toBe(Infinity);
    // Spacing shrinks as the rate rises.
    const gaps = [1, 100, 400].map((x) => arrivalOffsetMs(x + 1, 0, 100, 10_000) - arrivalOffsetMs(x, 0, 100, 10_000));
    expect(gaps[0]!).toBeGreaterThan(gaps[1]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[2]!);
  });

  it('handles a falling ramp', () => {
    // 100 -> 0 over 10 s: 500 arrivals; half of them in the first 2.93 s.
    expect(arrivalOffsetMs(250, 100, 0, 10_000)).toBeCloseTo(10_000 * (1 - Math.SQRT1_2), 3);
  });
});

describe('rateAt and exponentialGap', () => {
  it('interpolates the rate linearly', () => {
    expect(rateAt(0, 10, 150, 5000)).toBe(10);
    expect(rateAt(2500, 10, 150, 5000)).toBe(80);
    expect(rateAt(9000, 10, 150, 5000)).toBe(150);
  });

  it('gives Exp(1) gaps with mean 1', () => {
    let sum = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) sum += exponentialGap((i + 0.5) / n);
    expect(sum / n).toBeCloseTo(1, 2);
  });
});
