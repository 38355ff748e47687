/**
 * Shard arithmetic (pure). STUB: signature is the contract used by the engine via cli/run.
 * The i-th (0-based) of n shares of a level; shares add up to the level exactly.
 */
export function shareOfLevel(level: number, index: number, count: number): number {
  const base = Math.floor(level / count);
  const remainder = level - base * count;
  return base + (index < remainder ? 1 : 0);
}
