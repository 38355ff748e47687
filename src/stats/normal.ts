/**
 * The standard normal quantile, for the Student t quantile at very large (Welch) degrees of
 * freedom: Acklam's rational approximation polished by one Halley step on a near
 * double-precision erfc.
 */
/** ln Γ(1/2) = ln √π. */
const LOG_GAMMA_HALF = 0.5 * Math.log(Math.PI);

/**
 * Standard normal quantile: Acklam's rational approximation, polished by one Halley step
 * on erfc (relative error < 1e-12).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < 0.5) return -normalQuantile(1 - p);
  // Upper half only, by symmetry: tail q = 1 - p.
  const q = 1 - p;
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x =
      -(
        ((((-7.784894002430293e-3 * r - 3.223964580411365e-1) * r - 2.400758277161838) * r - 2.549732539343734) * r +
          4.374664141464968) *
          r +
        2.938163982698783
      ) /
      ((((7.784695709041462e-3 * r + 3.224671290700398e-1) * r + 2.445134137142996) * r + 3.754408661907416) * r + 1);
  } else {
    const r = p - 0.5;
    const s = r * r;
    x =
      ((((((-3.969683028665376e1 * s + 2.209460984245205e2) * s - 2.759285104469687e2) * s + 1.38357751867269e2) * s -
        3.066479806614716e1) *
        s +
        2.506628277459239) *
        r) /
      (((((-5.447609879822406e1 * s + 1.615858368580409e2) * s - 1.556989798598866e2) * s + 6.680131188771972e1) * s -
        1.328068155288572e1) *
        s +
        1);
  }
  const e = 0.5 * erfc(x / Math.SQRT2) - q;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x + u / (1 + (x * u) / 2);
}

/**
 * Complementary error function to near double precision: erfc(x) = Q(1/2, x²) for x ≥ 0,
 * the regularized upper incomplete gamma, by its series below a + 1 and its continued
 * fraction above (Numerical Recipes `gammq`).
 */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  const a = 0.5;
  const z = x * x;
  if (z < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= z / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - sum * Math.exp(-z + a * Math.log(z) - LOG_GAMMA_HALF);
  }
  const tiny = 1e-300;
  let b = z + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z + a * Math.log(z) - LOG_GAMMA_HALF) * h;
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
