/**
 * Open-model arrival times (pure). Arrivals are points in "arrival space" x ≥ 0, where
 * x = Λ(t) = ∫ rate dt is the expected number of arrivals by time t. Constant spacing puts
 * arrival k at x = k, so a hold at rate r gives the absolute schedule t_k = k / r (never
 * "interval from now", which drifts); a Poisson process uses Exp(1) gaps in x. A linear
 * ramp r(t) = r0 + (r1 - r0)·t/D maps back through the inverse of the quadratic Λ:
 *
 *   arrivals x                 Λ(t) = r0·t + (r1 - r0)·t² / (2D)
 *      |            .·´
 *      |        .·´            t(x) = (-r0 + sqrt(r0² + 2·(r1 - r0)/D · x)) / ((r1 - r0)/D)
 *      |    .·´
 *      +-------------- t
 */

/** Expected arrivals over a whole segment: (r0 + r1)/2 · D. */
export function segmentArrivals(fromRate: number, toRate: number, durationMs: number): number {
  return ((fromRate + toRate) / 2) * (durationMs / 1000);
}

/**
 * Offset (ms from the segment start) of the arrival at position `x`, or Infinity when `x`
 * falls beyond the segment.
 */
export function arrivalOffsetMs(x: number, fromRate: number, toRate: number, durationMs: number): number {
  if (x >= segmentArrivals(fromRate, toRate, durationMs) - 1e-9) return Infinity;
  const durationSec = durationMs / 1000;
  const slope = (toRate - fromRate) / durationSec;
  if (Math.abs(slope) < 1e-12) return (x / fromRate) * 1000;
  const t = (-fromRate + Math.sqrt(fromRate * fromRate + 2 * slope * x)) / slope;
  return t * 1000;
}

/** Rate (per s) at `offsetMs` into a linear segment. */
export function rateAt(offsetMs: number, fromRate: number, toRate: number, durationMs: number): number {
  if (durationMs <= 0) return toRate;
  const f = Math.min(1, Math.max(0, offsetMs / durationMs));
  return fromRate + (toRate - fromRate) * f;
}

/** Exp(1) sample from a uniform u in [0, 1). */
export function exponentialGap(u: number): number {
  return -Math.log(1 - u);
}
