/**
 * Rebuilds the steps of a merged record from its merged windows (pure), with the same
 * builder a single run uses (record/steps.ts `buildStep`): counts, rates, stability and the
 * HDR histogram of a step come from the merged windows, so a step's percentiles are exactly
 * those of every shard's requests in it.
 *
 * The step structure is the shards' own and must agree: index, phase, kind, label and level.
 * A shard's step level is already the whole run's level (its phase's level from the
 * schedule); only its windows carry the shard's share, and those are summed by the window
 * merge.
 */
import { RecordError } from '../errors.js';
import { buildStep, stepErrorSamples } from '../record/steps.js';
import type { StepRecord, WindowRecord } from '../record/types.js';
import type { LoadModel, Phase } from '../scenario/types.js';
import type { CheckedShard } from './merge-check.js';

const HINT =
  'levels decided at run time differ between shards: for sharded sweeps set refine: 0 and stopAfterKnee: false';

/**
 * One merged step per step that every shard has and that has measured windows among the
 * merged `windows` (their positions become `windowRange`).
 */
export function mergeShardSteps(
  shards: readonly CheckedShard[],
  windows: readonly WindowRecord[],
  model: LoadModel,
): StepRecord[] {
  const [first, ...rest] = shards;
  if (first === undefined) return [];
  const steps: StepRecord[] = [];
  for (const step of first.record.steps) {
    const parts = [step];
    for (const s of rest) {
      const other = s.record.steps.find((x) => x.index === step.index);
      if (other === undefined) break;
      if (!sameStep(step, other)) {
        throw new RecordError(
          `shards ran different schedules: step ${step.index} is "${step.label}" at ` +
            `level ${step.level} (phase ${step.phaseIndex}) in ${first.source} but ` +
            `"${other.label}" at level ${other.level} (phase ${other.phaseIndex}) in ${s.source}`,
          { hint: HINT },
        );
      }
      parts.push(other);
    }
    if (parts.length < shards.length) continue;
    const merged = buildStep(phaseOf(step), steps.length, model, windows);
    if (merged === undefined) continue;
    merged.errorSamples = stepErrorSamples(parts.map((p) => p.errorSamples));
    steps.push(merged);
  }
  return steps;
}

function sameStep(a: StepRecord, b: StepRecord): boolean {
  return (
    a.phaseIndex === b.phaseIndex &&
    a.kind === b.kind &&
    a.label === b.label &&
    a.level === b.level &&
    a.fromLevel === b.fromLevel
  );
}

/** The schedule phase a step was measured in, as far as `buildStep` needs it. */
function phaseOf(step: StepRecord): Phase {
  return {
    index: step.phaseIndex,
    kind: step.kind,
    label: step.label,
    startMs: step.startMs,
    durationMs: step.durationMs,
    warmupMs: 0,
    fromLevel: step.fromLevel,
    toLevel: step.level,
  };
}
