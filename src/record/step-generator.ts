/**
 * The generator's side of a step (pure): its schedule lag (open model) and whether the load
 * generator, not the target, limited it (ANALYSIS.md §3.4 step 1, §7.3).
 */
import { addLagBuckets, lagPercentileMs, type LagBuckets } from '../metrics/lag.js';
import { DROPPED_FRACTION_LIMIT, LATE_FRACTION_LIMIT, LOOP_DELAY_LIMIT_MS } from '../metrics/merge-snapshots.js';
import { olsSlope } from '../stats/index.js';
import type { StepRecord, WindowRecord } from './types.js';

/** The generator fields of the step made of `windows` (measured windows only). */
export function generatorOf(
  windows: readonly WindowRecord[],
): Pick<StepRecord, 'generatorSaturated' | 'generatorLimit' | 'lagMs'> {
  const lag = stepLag(windows);
  const why = generatorLimitOf(windows, lag?.growthMs ?? 0);
  return {
    generatorSaturated: why !== undefined,
    ...(why === undefined ? {} : { generatorLimit: why }),
    ...(lag === undefined ? {} : { lagMs: lag }),
  };
}

/** Schedule lag of the step's sends (open model): p50/p99 and the growth of the mean lag over the step. */
export function stepLag(windows: readonly WindowRecord[]): StepRecord['lagMs'] {
  const buckets: LagBuckets = {};
  const xs: number[] = [];
  const ys: number[] = [];
  for (const w of windows) {
    if (w.lag === undefined || w.sent === 0) continue;
    addLagBuckets(buckets, w.lag.buckets);
    xs.push((w.tMs + w.durationMs / 2) / 1000);
    ys.push(w.lag.sumMs / w.sent);
  }
  if (xs.length === 0) return undefined;
  const spanSec = xs[xs.length - 1]! - xs[0]!;
  // A one-off stall moves one window; a generator that cannot keep up falls behind steadily.
  const growthMs = xs.length >= 3 ? Math.max(0, olsSlope(xs, ys) * spanSec) : 0;
  return { p50: lagPercentileMs(buckets, 50), p99: lagPercentileMs(buckets, 99), growthMs };
}

/** The schedule lag grew by more than this over a step: the generator fell behind. */
export const LAG_GROWTH_LIMIT_MS = 10;

/**
 * Why the generator limited the step, or undefined (ANALYSIS.md §3.4 step 1, §7.3). The step
 * is judged, not each window: sends late enough to change the load (metrics/lag.ts) above
 * 1 %, arrivals dropped at the in-flight cap above 1 % (that cap is the generator's, never
 * the target's capacity), a schedule lag that grew over the step, or event-loop delay p99
 * above 10 ms in most windows. One window with a GC pause or a neighbour's CPU burst does
 * not void a 5 s step; a generator that is really the bottleneck is over the limit in most.
 */
function generatorLimitOf(windows: readonly WindowRecord[], lagGrowthMs: number): string | undefined {
  let late = 0;
  let sent = 0;
  let intended = 0;
  let dropped = 0;
  let overLoopLimit = 0;
  let clientLimit = 0;
  for (const w of windows) {
    clientLimit += w.errors['client-limit'] ?? 0;
    late += w.late;
    sent += w.sent;
    intended += w.intended;
    dropped += w.dropped;
    if (w.generator.loopDelayP99Ms > LOOP_DELAY_LIMIT_MS) overLoopLimit += 1;
  }
  const pct = (f: number): string => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;
  if (sent > 0 && clientLimit / sent > LATE_FRACTION_LIMIT) {
    return (
      `${pct(clientLimit / sent)} of requests could not open a connection: ` +
      'the generator ran out of file descriptors or ports'
    );
  }
  if (intended > 0 && dropped / intended > DROPPED_FRACTION_LIMIT) {
    return `${pct(dropped / intended)} of arrivals dropped at the generator's in-flight cap (maxInFlight)`;
  }
  if (sent > 0 && late / sent > LATE_FRACTION_LIMIT)
    return `${pct(late / sent)} of sends left late enough to change the load`;
  if (lagGrowthMs > LAG_GROWTH_LIMIT_MS)
    return `the send schedule fell behind by ${lagGrowthMs.toFixed(0)} ms over the step`;
  if (overLoopLimit * 2 > windows.length) {
    return `event-loop delay p99 above ${LOOP_DELAY_LIMIT_MS} ms in ${overLoopLimit} of ${windows.length} windows`;
  }
  return undefined;
}
