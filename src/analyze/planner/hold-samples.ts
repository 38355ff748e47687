/**
 * Hold-time samples for the planner from what the record keeps (ANALYSIS.md §4: plan from
 * the empirical hold distribution, not an assumed exponential one; issue 11, 2.4). The
 * lowest level's latency is the hold time plus the time spent outside the pool, with no
 * queueing: its quantiles, shifted so that their mean is the hold time, are the samples.
 * A near-constant 50 ms hold then plans as near-constant, not with an exponential's p99 of
 * 230 ms.
 */
import { decodeHistogram, destroyHistogram } from '../../metrics/histogram.js';
import type { StepRecord } from '../../record/types.js';

/** Fewer ok responses than this at the lowest level: too few for a distribution. */
const MIN_COUNT = 50;
const SAMPLES = 200;

function lowestStep(steps: readonly StepRecord[]): StepRecord | undefined {
  const measured = steps.filter(
    (s) => s.ok >= MIN_COUNT && s.hdr !== '' && (s.kind !== 'stage' || s.fromLevel === s.level),
  );
  return measured.find((s) => s.kind === 'probe') ?? [...measured].sort((p, q) => p.level - q.level)[0];
}

/** `SAMPLES` hold times in ms (quantiles of the lowest level's latency, mean = `holdMs`), or undefined. */
export function holdSamplesMs(steps: readonly StepRecord[], holdMs: number): number[] | undefined {
  const step = lowestStep(steps);
  if (step === undefined || !(holdMs > 0)) return undefined;
  let quantiles: number[];
  try {
    const h = decodeHistogram(step.hdr);
    quantiles = Array.from({ length: SAMPLES }, (_, i) => h.getValueAtPercentile((100 * (i + 0.5)) / SAMPLES) / 1000);
    destroyHistogram(h);
  } catch {
    return undefined; // an unreadable histogram: the planner falls back to its CV model
  }
  const mean = quantiles.reduce((a, b) => a + b, 0) / quantiles.length;
  if (!(mean > 0)) return undefined;
  const outside = Math.max(0, mean - holdMs);
  return quantiles.map((q) => Math.max(0, q - outside));
}
