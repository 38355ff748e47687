/**
 * The points of an adaptive search in a record: every measured 1 s window of its usable
 * levels, x = the level, y = the window's goodput (what the search decided from while it ran).
 */
import type { StepRecord, WindowRecord } from '../../record/types.js';
import type { AdaptivePoint } from './estimate.js';

export function adaptiveWindowPoints(
  steps: readonly StepRecord[],
  windows: readonly WindowRecord[],
  usable: ReadonlySet<number>,
): AdaptivePoint[] {
  const points: AdaptivePoint[] = [];
  for (const step of steps) {
    if (!usable.has(step.index) || step.kind === 'stage') continue;
    for (let i = step.windowRange[0]; i <= step.windowRange[1]; i += 1) {
      const w = windows[i];
      if (w === undefined || w.warmup || w.drain === true || !(w.durationMs > 0)) continue;
      points.push({ level: step.level, goodputPerSec: w.ok / (w.durationMs / 1000) });
    }
  }
  return points;
}
