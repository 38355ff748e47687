/** ANALYSIS.md §6 T1: the USL reference fit on the Cisco dataset (Schwartz; usl4j tests). */
import { describe, expect, it } from 'vitest';
import { findKnee } from '../../../src/analyze/knee/index.js';
import { fitWeight } from '../../../src/analyze/knee/models.js';
import { fitUsl, uslAt } from '../../../src/analyze/knee/usl.js';

const X = [
  955.16, 1878.91, 2688.01, 3548.68, 4315.54, 5130.43, 5931.37, 6531.08, 7219.8, 7867.61, 8278.71, 8646.7, 9047.84,
  9426.55, 9645.37, 9897.24, 10097.6, 10240.5, 10532.39, 10798.52, 11151.43, 11518.63, 11806, 12089.37, 12075.41,
  12177.29, 12211.41, 12158.93, 12155.27, 12118.04, 12140.4, 12074.39,
];
const N = X.map((_, i) => i + 1);
const rel = (a: number, b: number): number => Math.abs(a / b - 1);

describe('T1 USL reference fit (Cisco)', () => {
  const fit = fitUsl(N, X);
  it('recovers the book coefficients to 0.02 %', () => {
    expect(rel(fit.sigma, 0.02671591)).toBeLessThanOrEqual(0.0002);
    expect(rel(fit.kappa, 7.690945e-4)).toBeLessThanOrEqual(0.0002);
    expect(rel(fit.lambda, 995.6486)).toBeLessThanOrEqual(0.0002);
  });
  it('N_peak 35.57 (floor 35) and X(35) = 12341 ± 0.05 %', () => {
    expect(fit.nPeak!).toBeCloseTo(35.57, 1);
    expect(Math.floor(fit.nPeak!)).toBe(35);
    expect(rel(uslAt(fit.sigma, fit.kappa, fit.lambda, 35), 12341)).toBeLessThanOrEqual(0.0005);
  });
  it('is not the linearized fit (σ = 0.0202, κ = 8.82e−4)', () => {
    expect(Math.abs(fit.sigma - 0.0202)).toBeGreaterThan(0.005);
    expect(rel(fit.kappa, 8.82e-4)).toBeGreaterThan(0.1);
  });
  it('AICc prefers the USL over the hinge', () => {
    const k = findKnee(
      N.map((x, i) => ({ x, goodputPerSec: X[i]!, weight: fitWeight(X[i]!, 0) })),
      { bootstrapSamples: 0 },
    );
    expect(k.model).toBe('M3');
    expect(k.shape).toBe('smooth');
    expect(k.fits.aicc.M3).toBeLessThan(Math.min(k.fits.aicc.M1, k.fits.aicc.M2));
  });
  it('reports no peak when κ = 0 and marks σ at its bound invalid', () => {
    const amdahl = N.map((n) => uslAt(0.05, 0, 100, n));
    const f = fitUsl(N, amdahl);
    expect(f.kappa).toBe(0);
    expect(f.nPeak).toBeNull();
    expect(rel(f.sigma, 0.05)).toBeLessThan(1e-4);
  });
});
