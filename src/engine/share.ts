/**
 * Deterministic shares of a level among workers (pure). Concurrency is split as integers,
 * the remainder going to the lowest worker indexes, so the shares add up exactly.
 */

/** Worker `index` of `count`'s integer share of `level` users. */
export function splitUsers(level: number, index: number, count: number): number {
  const total = Math.max(0, Math.round(level));
  const base = Math.floor(total / count);
  return base + (index < total - base * count ? 1 : 0);
}

/** Level (concurrency or rate) at `offsetMs` into a phase that goes linearly from `from` to `to`. */
export function levelAt(offsetMs: number, fromLevel: number, toLevel: number, durationMs: number): number {
  if (durationMs <= 0 || offsetMs >= durationMs) return toLevel;
  if (offsetMs <= 0) return fromLevel;
  return fromLevel + ((toLevel - fromLevel) * offsetMs) / durationMs;
}
