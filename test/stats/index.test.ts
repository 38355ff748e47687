import { describe, expect, it } from 'vitest';
import {
  incompleteBeta,
  logGamma,
  madOf as mad,
  mean,
  medianOf as median,
  normalQuantile,
  studentTQuantile,
  variance,
  welchDf,
} from '../../src/stats/index.js';

describe('Student t quantile', () => {
  // Reference values from scipy.stats.t.ppf (scipy 1.17).
  it.each([
    { p: 0.95, df: 1, t: 6.313751514675037 },
    { p: 0.95, df: 2, t: 2.9199855803537242 },
    { p: 0.95, df: 3, t: 2.3533634348018233 },
    { p: 0.95, df: 4.5, t: 2.065575888878524 },
    { p: 0.95, df: 10, t: 1.8124611228116756 },
    { p: 0.975, df: 5, t: 2.5705818356363146 },
    { p: 0.99, df: 30, t: 2.457261542400591 },
    { p: 0.975, df: 2.7, t: 3.3921483831737507 },
    { p: 0.95, df: 1000, t: 1.6463788172854643 },
    { p: 0.9995, df: 3, t: 12.923978636687961 },
    { p: 0.975, df: 1.2, t: 8.648826510748867 },
    { p: 0.95, df: 0.5, t: 41.13600009287819 },
  ])('t($p, df=$df) = $t', ({ p, df, t }) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 8);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 8);
  });

  it('tends to the normal quantile for infinite df', () => {
    expect(studentTQuantile(0.95, Number.POSITIVE_INFINITY)).toBeCloseTo(1.6448536269514722, 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 9);
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });

  it('rejects probabilities and df outside their domain', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('incomplete beta and log-gamma', () => {
  it('matches closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // I_x(1, 1) = x; I_x(2, 1) = x²; I_x(a, b) = 1 − I_{1−x}(b, a).
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.7, 2, 1)).toBeCloseTo(0.49, 12);
    expect(incompleteBeta(0.2, 3.5, 0.5)).toBeCloseTo(1 - incompleteBeta(0.8, 0.5, 3.5), 12);
  });
});

describe('robust spread and moments', () => {
  it('computes MAD, median, mean and variance', () => {
    const values = [1, 2, 3, 4, 100];
    expect(median(values)).toBe(3);
    expect(mad(values)).toBe(1); // deviations 2,1,0,1,97 -> median 1
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3])).toBe(2);
    expect(variance([1, 2, 3])).toBe(1);
    expect(variance([5])).toBe(0);
  });

  it('gives Welch df between min(df) and the pooled df, and Infinity with no variance', () => {
    const df = welchDf(0.01 / 3, 2, 0.01 / 10, 9);
    expect(df).toBeGreaterThan(2);
    expect(df).toBeLessThan(11);
    expect(welchDf(0, 2, 0, 9)).toBe(Number.POSITIVE_INFINITY);
  });
});
