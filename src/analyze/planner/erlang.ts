/**
 * Erlang B and C for pool sizing (ANALYSIS.md §4.1), numerically stable at any size:
 *
 *   B(0) = 1;  B(k) = A·B(k−1) / (k + A·B(k−1))      (positive terms only, O(c), no factorials)
 *   C(c, A) = B / (1 − ρ(1 − B)),  ρ = A/c           P(wait > 0), M/M/c
 *   E[W] = C·S/(c − A)      P(W > t) = C·e^{−θt},  θ = (c − A)/S = cμ − λ
 *
 * A = λ·S is the offered load in erlangs. c ≤ A is unstable (queues grow without bound).
 */

/** Erlang B blocking probability for c servers and offered load A. */
export function erlangB(c: number, offeredErlangs: number): number {
  let b = 1;
  for (let k = 1; k <= c; k += 1) b = (offeredErlangs * b) / (k + offeredErlangs * b);
  return b;
}

/** Erlang C from Erlang B at the same c (null when c ≤ A: unstable). */
export function erlangCFromB(c: number, offeredErlangs: number, b: number): number | null {
  if (c <= offeredErlangs) return null;
  const rho = offeredErlangs / c;
  return b / (1 - rho * (1 - b));
}

/** Probability of waiting for a connection (M/M/c); null when unstable. */
export function erlangC(c: number, offeredErlangs: number): number | null {
  return erlangCFromB(c, offeredErlangs, erlangB(c, offeredErlangs));
}

/** Mean wait, in the unit of `holdTime`. */
export function meanWait(c: number, offeredErlangs: number, pWait: number, holdTime: number): number {
  return (pWait * holdTime) / (c - offeredErlangs);
}

/** P(W > t), t in the unit of `holdTime`. */
export function waitTail(c: number, offeredErlangs: number, pWait: number, holdTime: number, t: number): number {
  return pWait * Math.exp((-(c - offeredErlangs) * t) / holdTime);
}

/** Wait quantile w_q = ln(C/(1−q))/θ, 0 when C ≤ 1 − q. */
export function waitQuantile(c: number, offeredErlangs: number, pWait: number, holdTime: number, q: number): number {
  if (pWait <= 1 - q) return 0;
  return (Math.log(pWait / (1 - q)) * holdTime) / (c - offeredErlangs);
}

/** Call-centre service level SL(t) = 1 − C·e^{−(c−A)t/S}. */
export function serviceLevel(c: number, offeredErlangs: number, pWait: number, holdTime: number, t: number): number {
  return 1 - waitTail(c, offeredErlangs, pWait, holdTime, t);
}

/**
 * P(T > t) for T = W + S with exponential S (M/M/c), θ = cμ − λ:
 *   (1−C)e^{−μt} + C·(θe^{−μt} − μe^{−θt})/(θ − μ)      (θ = μ: (1−C)e^{−μt} + C(1+μt)e^{−μt})
 */
export function responseTailExp(c: number, offeredErlangs: number, pWait: number, holdTime: number, t: number): number {
  const mu = 1 / holdTime;
  const theta = (c - offeredErlangs) / holdTime;
  const em = Math.exp(-mu * t);
  if (Math.abs(theta - mu) < 1e-12 * mu) return (1 - pWait) * em + pWait * (1 + mu * t) * em;
  return (1 - pWait) * em + (pWait * (theta * em - mu * Math.exp(-theta * t))) / (theta - mu);
}

/** Smallest c ≥ floor(A)+1 with C(c, A) ≤ target (incremental B), or null past the guard. */
export function minServersForWait(offeredErlangs: number, target: number): number | null {
  let c = Math.floor(offeredErlangs) + 1;
  let b = erlangB(c, offeredErlangs);
  const guard = offeredErlangs + 20 * Math.sqrt(offeredErlangs) + 100;
  while (c <= guard) {
    const pw = erlangCFromB(c, offeredErlangs, b);
    if (pw !== null && pw <= target) return c;
    c += 1;
    b = (offeredErlangs * b) / (c + offeredErlangs * b);
  }
  return null;
}
