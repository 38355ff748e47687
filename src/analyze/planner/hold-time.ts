/**
 * Hold-time distributions for the planner (ANALYSIS.md §4.1, "general hold times"): the
 * tail P(S > t), the quantile, and the mixture term of the response-time tail
 *
 *   P(T > t) ≈ (1−C)·P(S > t) + C·E[ S ≥ t ? 1 : exp(−θ'(t − S)) ]
 *
 * where W | W > 0 ~ Exp(θ'), θ' = (cμ − λ)·2/(1 + Cs²) (Allen–Cunneen). Exponential S has
 * a closed form (erlang.ts); deterministic, lognormal (given a CV) and empirical samples
 * are handled here. Times are in seconds.
 */
export type HoldModel = {
  kind: 'exponential' | 'deterministic' | 'lognormal' | 'empirical';
  meanSec: number;
  cv: number;
  tail: (t: number) => number;
  /** E[ S ≥ t ? 1 : exp(−θ(t − S)) ]. */
  mix: (t: number, theta: number) => number;
  quantile: (q: number) => number;
};

export function holdModel(
  meanSec: number,
  cv: number | undefined,
  samplesSec: readonly number[] | undefined,
): HoldModel {
  if (samplesSec !== undefined && samplesSec.length > 0) return empirical(samplesSec);
  const c = cv ?? 1;
  if (c <= 1e-9) return deterministic(meanSec);
  if (Math.abs(c - 1) < 1e-9) return exponential(meanSec);
  return lognormal(meanSec, c);
}

function exponential(m: number): HoldModel {
  const mu = 1 / m;
  return {
    kind: 'exponential',
    meanSec: m,
    cv: 1,
    tail: (t) => Math.exp(-mu * Math.max(t, 0)),
    mix: (t, theta) =>
      Math.abs(theta - mu) < 1e-12 * mu
        ? (1 + mu * t) * Math.exp(-mu * t)
        : Math.exp(-mu * t) + (mu * (Math.exp(-mu * t) - Math.exp(-theta * t))) / (theta - mu),
    quantile: (q) => -m * Math.log(1 - q),
  };
}

function deterministic(m: number): HoldModel {
  return {
    kind: 'deterministic',
    meanSec: m,
    cv: 0,
    tail: (t) => (m > t ? 1 : 0),
    mix: (t, theta) => (m >= t ? 1 : Math.exp(-theta * (t - m))),
    quantile: () => m,
  };
}

function empirical(samples: readonly number[]): HoldModel {
  const sorted = [...samples].sort((p, q) => p - q);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(n - 1, 1));
  return {
    kind: 'empirical',
    meanSec: mean,
    cv: mean > 0 ? sd / mean : 0,
    tail: (t) => sorted.filter((s) => s > t).length / n,
    mix: (t, theta) => {
      let sum = 0;
      for (const s of sorted) sum += s >= t ? 1 : Math.exp(-theta * (t - s));
      return sum / n;
    },
    quantile: (q) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] as number,
  };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erfc, |error| < 1.5e−7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Inverse standard normal CDF by bisection on normalCdf (planner-grade precision). */
function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i += 1) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function lognormal(m: number, cv: number): HoldModel {
  const s2 = Math.log(1 + cv * cv);
  const s = Math.sqrt(s2);
  const mu = Math.log(m) - s2 / 2;
  const tail = (t: number): number => (t <= 0 ? 1 : 1 - normalCdf((Math.log(t) - mu) / s));
  const pdf = (x: number): number =>
    x <= 0 ? 0 : Math.exp(-((Math.log(x) - mu) ** 2) / (2 * s2)) / (x * s * Math.sqrt(2 * Math.PI));
  return {
    kind: 'lognormal',
    meanSec: m,
    cv,
    tail,
    mix: (t, theta) => {
      // P(S ≥ t) + ∫_0^t f(s)·e^{−θ(t−s)} ds, midpoint rule on 400 panels.
      const panels = 400;
      const h = t / panels;
      let integral = 0;
      for (let i = 0; i < panels; i += 1) {
        const u = (i + 0.5) * h;
        integral += pdf(u) * Math.exp(-theta * (t - u)) * h;
      }
      return tail(t) + integral;
    },
    quantile: (q) => Math.exp(mu + s * normalQuantile(q)),
  };
}
