/**
 * Sweep refinement for the engine (ANALYSIS.md §3.4, "step design"): after the coarse
 * geometric sweep, bisect the knee bracket with a few extra levels so the fit has points
 * on both sides of the corner. Uses the same robust hinge as the analyzer (no bootstrap).
 */
import { bracketOf, findKnee } from './index.js';
import { fitWeight } from './models.js';
import { maxOf } from '../../stats/index.js';

export type RefinePoint = { level: number; goodputPerSec: number; errorRate: number };

/**
 * Up to `count` new integer levels inside the knee's bracket (x_j, x_{j+1}], spread evenly
 * and not already tested; [] when the knee is censored or the bracket has no room. When
 * errors (> 1 %) begin before the fitted knee, the error bracket is refined instead.
 */
export function suggestRefinementLevels(points: readonly RefinePoint[], count: number): number[] {
  const usable = points.filter((p) => p.level > 0 && Number.isFinite(p.goodputPerSec));
  if (usable.length < 2 || count <= 0) return [];
  const knee = findKnee(
    usable.map((p) => ({ x: p.level, goodputPerSec: p.goodputPerSec, weight: fitWeight(p.goodputPerSec, 0) })),
    { bootstrapSamples: 0 },
  );
  const levels = usable.map((p) => p.level).sort((a, b) => a - b);
  let bracket: [number, number] | null =
    knee.censored === null && knee.knee !== null ? bracketOf(levels, knee.knee) : null;
  const firstErr = usable.filter((p) => p.errorRate > 0.01).sort((a, b) => a.level - b.level)[0];
  if (firstErr !== undefined && (bracket === null || firstErr.level <= bracket[0])) {
    bracket = [
      maxOf(
        levels.filter((l) => l < firstErr.level),
        0,
      ),
      firstErr.level,
    ];
  }
  if (bracket === null) return [];
  const [lo, hi] = bracket;
  const tested = new Set(levels);
  const out: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    const level = Math.round(lo + ((hi - lo) * i) / (count + 1));
    if (level > lo && level < hi && !tested.has(level) && !out.includes(level)) out.push(level);
  }
  return out;
}
