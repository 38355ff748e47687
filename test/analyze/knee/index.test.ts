/**
 * ANALYSIS.md §6 T2, T4, T5, T6: the knee of goodput against concurrency, on explicit
 * tables (point estimates) and seeded noisy replicates (statistical versions).
 */
import { describe, expect, it } from 'vitest';
import { findKnee, type KneePoint } from '../../../src/analyze/knee/index.js';
import { fitWeight } from '../../../src/analyze/knee/models.js';
import { fitHinge } from '../../../src/analyze/knee/hinge.js';
import { normalSource } from '../../helpers/records.js';

const DENSE = [1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64];
const ideal = (n: number): number => Math.min(n / 0.051, 400);
const points = (xs: readonly number[], ys: readonly number[]): KneePoint[] =>
  xs.map((x, i) => ({ x, goodputPerSec: ys[i]!, weight: fitWeight(ys[i]!, 0), probe: x === 1 }));

describe('T2 ideal pool hinge', () => {
  const r = findKnee(points(DENSE, DENSE.map(ideal)), { bootstrapSamples: 200 });
  it('finds the corner at 20.40 with a 400 req/s plateau', () => {
    expect(r.shape).toBe('plateau');
    expect(r.knee).toBeCloseTo(20.4, 1);
    expect(Math.abs(r.knee! - 20.4)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(r.xmax! / 400 - 1)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(r.bOverA!)).toBeLessThan(0.01);
    expect(r.r0Sec * 1000).toBeCloseTo(51, 6);
    expect(r.xmax! * r.r0Sec).toBeCloseTo(20.4, 2); // P̂ without server timing
  });
  it('does not report the USL peak (≈ 37.9) as the knee', () => {
    expect(r.fits.m3).not.toBeNull();
    expect(r.fits.m3!.nPeak!).toBeGreaterThan(30);
    expect(r.model).not.toBe('M3');
    expect(Math.abs(r.knee! - r.fits.m3!.nPeak!)).toBeGreaterThan(5);
  });
});

describe('T4 noisy sweep with an outlier step', () => {
  const X = [20.2, 41.2, 81.2, 152.3, 225.7, 314.4, 402.4, 406.2, 422.3, 286.4, 407.8, 391.3, 386.9];
  const r = findKnee(points(DENSE, X), { bootstrapSamples: 200 });
  it('is robust: knee 20 ± 2, Xmax 400 ± 5 %, plateau not retrograde', () => {
    expect(r.shape).toBe('plateau');
    expect(Math.abs(r.knee! - 20)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.xmax! / 400 - 1)).toBeLessThanOrEqual(0.05);
  });
  it('down-weights the −30 % step (Huber weight ≈ 0.1) and is not plain least squares (18.8 / 370.5)', () => {
    expect(r.huber[DENSE.indexOf(32)]!).toBeLessThan(0.25);
    const plain = fitHinge(
      Float64Array.from(DENSE),
      Float64Array.from(X),
      Float64Array.from(X, (y) => fitWeight(y, 0)),
      'free',
      { iterations: 1 },
    );
    expect(Math.abs(plain.tau - r.knee!)).toBeGreaterThan(0.3);
    expect(Math.abs(r.xmax! - 370.5)).toBeGreaterThan(10);
  });
  it('statistical version: 300 seeded replicates, knee ±2 and Xmax ±5 % in ≥ 95 %', () => {
    const z = normalSource(4242);
    let kneeOk = 0;
    let xmaxOk = 0;
    const reps = 300;
    for (let r = 0; r < reps; r += 1) {
      const hit = 1 + Math.floor(((z() + 10) * 1e6) % (DENSE.length - 1));
      const ys = DENSE.map((n, i) => ideal(n) * Math.exp(0.03 * z()) * (i === hit ? 0.7 : 1));
      const k = findKnee(points(DENSE, ys), { bootstrapSamples: 0 });
      if (k.knee !== null && Math.abs(k.knee - 20.4) <= 2) kneeOk += 1;
      if (k.xmax !== null && Math.abs(k.xmax / 400 - 1) <= 0.05) xmaxOk += 1;
    }
    expect(kneeOk / reps).toBeGreaterThanOrEqual(0.95);
    expect(xmaxOk / reps).toBeGreaterThanOrEqual(0.95);
  });
});

describe('T5 few points and censoring', () => {
  it('(a) N = [1,10,40,80]: knee 20.4 ± 0.1, bracket (10, 40]', () => {
    const xs = [1, 10, 40, 80];
    const r = findKnee(points(xs, xs.map(ideal)), { bootstrapSamples: 100 });
    expect(Math.abs(r.knee! - 20.4)).toBeLessThanOrEqual(0.1);
    expect(r.bracket).toEqual([10, 40]);
    expect(r.censored).toBeNull();
  });
  it('(a) with 3 % noise: knee within [18.6, 22.1] in ≥ 90 % of 500 seeded replicates', () => {
    const xs = [1, 10, 40, 80];
    const z = normalSource(5005);
    let inside = 0;
    for (let r = 0; r < 500; r += 1) {
      const k = findKnee(
        points(
          xs,
          xs.map((n) => ideal(n) * Math.exp(0.03 * z())),
        ),
        { bootstrapSamples: 0 },
      );
      if (k.knee !== null && k.knee >= 18.6 && k.knee <= 22.1) inside += 1;
    }
    expect(inside / 500).toBeGreaterThanOrEqual(0.9);
  });
  it('(b) N = [30,60,90] flat: saturated-from-start, knee "≤ 30", no numeric knee', () => {
    const r = findKnee(points([30, 60, 90], [400, 400, 400]), { bootstrapSamples: 0 });
    expect(r.shape).toBe('saturated-from-start');
    expect(r.censored).toBe('below');
    expect(r.knee).toBeNull();
    expect(r.edge).toBe(30);
  });
  it('(c) the same plus the probe (1, 19.6): knee 20.4', () => {
    const r = findKnee(points([1, 30, 60, 90], [19.6, 400, 400, 400]), { bootstrapSamples: 0 });
    expect(r.shape).toBe('plateau');
    expect(r.knee!).toBeCloseTo(20.4, 1);
  });
  it('(d) N = [1..16] still linear: rising, knee "> 16", Xmax "≥ 313.7"', () => {
    const xs = [1, 2, 4, 8, 12, 16];
    const r = findKnee(
      points(
        xs,
        xs.map((n) => n / 0.051),
      ),
      { bootstrapSamples: 0 },
    );
    expect(r.shape).toBe('rising');
    expect(r.censored).toBe('above');
    expect(r.knee).toBeNull();
    expect(r.edge).toBe(16);
    expect(r.xmaxCensored).toBe(true);
    expect(r.xmax!).toBeCloseTo(313.7, 1);
  });
});

describe('T6 retrograde', () => {
  it('(a) sharp: knee 20 ± 2, retrograde, b < 0 with CI excluding 0, drop ≥ 40 %, hinge over USL', () => {
    const xs = [1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64, 80, 96];
    const ys = [21, 40, 79, 157, 234, 315, 393, 389, 372, 360, 336, 317, 281, 252, 228];
    const r = findKnee(points(xs, ys), { bootstrapSamples: 300 });
    expect(r.shape).toBe('retrograde');
    expect(Math.abs(r.knee! - 20)).toBeLessThanOrEqual(2);
    expect(r.hinge.b).toBeLessThan(0);
    expect(r.bOverACi![1]).toBeLessThan(0);
    expect(1 - 228 / r.xmax!).toBeGreaterThanOrEqual(0.4);
    expect(r.fits.aicc.M2).toBeLessThan(r.fits.aicc.M3);
  });
  it('(b) smooth USL: chosen, σ 0.02, κ 5e−4, λ 20 (±0.5 %), N_peak 44.3 ± 1, X_peak 313.6 ± 1 %, knee ≈ 15.7', () => {
    const xs = [1, 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128];
    const ys = [
      20.0, 75.047, 136.986, 225.352, 276.498, 302.457, 312.5, 312.907, 307.692, 299.345, 278.746, 257.373, 219.403,
    ];
    const r = findKnee(points(xs, ys), { bootstrapSamples: 50, r0Sec: 0.05 });
    expect(r.shape).toBe('smooth');
    const u = r.fits.m3!;
    expect(Math.abs(u.sigma / 0.02 - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(u.kappa / 5e-4 - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(u.lambda / 20 - 1)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(u.nPeak! - 44.3)).toBeLessThanOrEqual(1);
    expect(Math.abs(u.xPeak! / 313.6 - 1)).toBeLessThanOrEqual(0.01);
    expect(r.knee!).toBeCloseTo(15.7, 1);
  });
});

describe('bootstrap', () => {
  const mk = (xs: readonly number[], seed: number): KneePoint[] => {
    const z = normalSource(seed);
    return xs.map((x) => {
      const buckets = Float64Array.from({ length: 40 }, () => (ideal(x) / 4) * (1 + 0.1 * z()));
      const y = (buckets.reduce((s, v) => s + v, 0) / buckets.length) * 4;
      return { x, goodputPerSec: y, weight: fitWeight(y, 0), buckets };
    });
  };
  it('is reproducible for a seed and the CI holds the estimate', () => {
    const dense = mk(DENSE, 1);
    const a = findKnee(dense, { bootstrapSamples: 400, seed: 3 });
    expect(findKnee(dense, { bootstrapSamples: 400, seed: 3 }).kneeCi).toEqual(a.kneeCi);
    expect(findKnee(dense, { bootstrapSamples: 400, seed: 4 }).kneeCi).not.toEqual(a.kneeCi);
    expect(a.kneeCi![0]).toBeLessThanOrEqual(a.knee!);
    expect(a.kneeCi![1]).toBeGreaterThanOrEqual(a.knee!);
  });
  it('gives a visibly wider knee CI for 4 levels (T5a) than for the dense grid (T2), median over 5 data sets', () => {
    const width = (k: ReturnType<typeof findKnee>): number => (k.kneeCi![1] - k.kneeCi![0]) / k.knee!;
    const median = (v: number[]): number => [...v].sort((p, q) => p - q)[2]!;
    const seeds = [1, 2, 3, 4, 5];
    const dense = median(seeds.map((seed) => width(findKnee(mk(DENSE, seed), { bootstrapSamples: 300, seed }))));
    const sparse = median(
      seeds.map((seed) => width(findKnee(mk([1, 10, 40, 80], seed + 100), { bootstrapSamples: 300, seed }))),
    );
    expect(sparse).toBeGreaterThan(1.3 * dense);
  });
});
