/**
 * The Student t quantile and the Welch–Satterthwaite degrees of freedom the CI gate needs
 * (ANALYSIS.md §5.3).
 *
 * The t quantile goes through the regularized incomplete beta function:
 *   P(|T| > t) = I_x(ν/2, 1/2) with x = ν / (ν + t²)
 * so for p > 0.5, t_p = sqrt(ν (1 − x) / x) where x = I⁻¹(2 (1 − p); ν/2, 1/2).
 * I is evaluated by its continued fraction (modified Lentz), and inverted by Newton steps
 * kept inside a shrinking bisection bracket, so it converges for any real ν > 0 (Welch df
 * are not integers).
 */
import { normalQuantile } from './normal.js';

/**
 * Welch–Satterthwaite degrees of freedom for the difference of two means, from the
 * squared standard errors `a = varA/nA` and `b = varB/nB` and their own df.
 * Infinity when both variances are zero (the t quantile then becomes the normal one).
 */
export function welchDf(a: number, dfA: number, b: number, dfB: number): number {
  const numerator = (a + b) ** 2;
  const denominator = (dfA > 0 ? (a * a) / dfA : 0) + (dfB > 0 ? (b * b) / dfB : 0);
  if (numerator === 0 || denominator === 0) return Number.POSITIVE_INFINITY;
  return numerator / denominator;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta (Numerical Recipes `betacf`, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for x in [0, 1], a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** x such that I_x(a, b) = p (Newton inside a bisection bracket). */
export function inverseIncompleteBeta(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logB = logGamma(a) + logGamma(b) - logGamma(a + b);
  let lo = 0;
  let hi = 1;
  let x = 0.5;
  for (let i = 0; i < 200; i++) {
    const f = incompleteBeta(x, a, b) - p;
    if (Math.abs(f) < 1e-15 * Math.max(p, 1e-300)) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - logB);
    let next = x - f / density;
    // Leave Newton for bisection when it jumps out of the bracket or stalls.
    if (!Number.isFinite(next) || next <= lo || next >= hi) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-17 + 1e-15 * x) return next;
    x = next;
  }
  return x;
}

/**
 * Quantile of Student's t distribution with `df` degrees of freedom (any real df > 0;
 * Infinity gives the normal quantile).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`t quantile needs df > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (!Number.isFinite(df) || df > 1e7) return normalQuantile(p);
  const x = inverseIncompleteBeta(2 * (1 - p), df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}
