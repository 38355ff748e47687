/**
 * A stage scenario with a ramp: the knee fitted on the ramp's windows (ramp/knee.ts) takes
 * the place of the operational bound of the hold stages (stages/bounds.ts), which can only
 * bracket a knee between two holds and misses one that lies inside the ramp.
 */
import type { StepRecord, WindowRecord } from '../../record/types.js';
import type { LoadModel } from '../../scenario/types.js';
import { maxOf } from '../../stats/index.js';
import { holdShare } from '../knee/pool.js';
import { poolErrorFraction, type StageBounds } from '../stages/bounds.js';
import type { StepSummary } from '../types.js';
import { rampKnee, type RampKnee } from './knee.js';
import { rampPoints, risingSteps } from './points.js';

export type RampInput = {
  steps: readonly StepRecord[];
  windows: readonly WindowRecord[];
  model: LoadModel;
  samples: number;
  seed: number;
  r0Ms: number | null;
};

/** The ramp's knee, null when no stage ramps up or the ramp has too few windows. */
export function findRampKnee(input: RampInput): RampKnee | null {
  const rising = risingSteps(input.steps);
  if (rising === null) return null;
  return rampKnee(rampPoints(rising, input.windows, input.model), {
    model: input.model,
    samples: input.samples,
    seed: input.seed,
    r0Ms: input.r0Ms,
  });
}

/** The bounds with the ramp's (uncensored) knee; unchanged without one. */
export function boundsWithRamp(
  b: StageBounds | null,
  ramp: RampKnee | null,
  steps: readonly StepSummary[],
  rising: readonly StepRecord[],
): StageBounds | null {
  if (ramp === null || ramp.censored !== null) return b;
  const byLevel = [...steps].filter((s) => s.ok > 0).sort((p, q) => p.level - q.level);
  const anchor = b?.anchor ?? byLevel[0];
  if (anchor === undefined) return b;
  const risen = new Set(rising.map((s) => s.index));
  const top = byLevel.filter((s) => risen.has(s.index)).at(-1);
  const saturated = b !== null && b.saturated.length > 0 ? b.saturated : top === undefined ? [] : [top];
  if (saturated.length === 0) return b;
  const timed = saturated.filter((s) => s.serverTiming !== null);
  const waitMs = timed.length > 0 ? maxOf(timed.map((s) => s.serverTiming?.waitMs ?? 0)) : null;
  const holdMs = anchor.serverTiming !== null && anchor.serverTiming.holdMs > 0 ? anchor.serverTiming.holdMs : null;
  return {
    anchor,
    saturated,
    r0Ms: ramp.r0Ms > 0 ? ramp.r0Ms : anchor.meanOkLatencyMs,
    xmaxPerSec: ramp.xmaxPerSec,
    xmaxCi: ramp.xmaxCi,
    knee: ramp.knee,
    kneeCi: ramp.kneeCi,
    bracket: ramp.kneeCi,
    edge: b?.edge ?? maxOf(steps.map((s) => (s.model === 'closed' ? s.level : s.inFlight))),
    halfWidth: (ramp.kneeCi[1] - ramp.kneeCi[0]) / 2 / ramp.knee,
    poolErrors: (b?.poolErrors ?? false) || saturated.some((s) => poolErrorFraction(s) >= 0.01),
    waitMs: b?.waitMs ?? waitMs,
    queueing: b?.queueing ?? false,
    holdMs: b?.holdMs ?? holdMs,
    holdShare: b?.holdShare ?? holdShare(saturated),
  };
}
