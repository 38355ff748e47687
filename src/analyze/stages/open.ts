/**
 * CAPKNEE step 5 (ANALYSIS.md §3.4): an open-model sweep past capacity. A step whose
 * in-flight count keeps growing (dL/dt ≈ λ − Xmax > 0) is over capacity: it is left out of
 * the fit, but its completion rate estimates Xmax.
 *
 *   Xmax   = median goodput of the unstable steps (their first 2 s skipped)
 *   λ*     ∈ (largest stable λ, smallest unstable λ]
 *   knee N* = Xmax · R0          (the concurrency at which the pool fills)
 */
import { prepareBlocks, resampleRatio } from '../knee/bootstrap.js';
import { createRng, maxOf, medianOf, percentileInterval } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

export type OpenCapacity = {
  xmaxPerSec: number;
  xmaxCi: [number, number];
  xmaxReplicates: Float64Array;
  /** (largest stable rate, smallest unstable rate]. */
  rateBracket: [number, number];
  knee: number;
  kneeCi: [number, number];
  /** Growth of in-flight per second at the highest unstable rate. */
  growthPerSec: number;
  unstableLevels: number[];
};

const SKIP_BUCKETS = 8; // 2 s of 250 ms buckets: the queue is still filling

function settledGoodput(step: StepSummary): { rate: number; buckets: Float64Array | null } {
  if (step.buckets.length <= SKIP_BUCKETS * 2) return { rate: step.goodputPerSec, buckets: null };
  const rest = step.buckets.subarray(SKIP_BUCKETS);
  let sum = 0;
  for (const b of rest) sum += b;
  return { rate: sum / (rest.length * 0.25), buckets: rest };
}

export function openModelCapacity(
  steps: readonly StepSummary[],
  r0Ms: number,
  samples: number,
  seed: number,
): OpenCapacity | null {
  const sweep = steps.filter((s) => s.model === 'open' && !s.generatorSaturated);
  const unstable = sweep.filter((s) => !s.stable).sort((p, q) => p.level - q.level);
  if (unstable.length === 0) return null;
  const stable = sweep.filter((s) => s.stable);
  const settled = unstable.map(settledGoodput);
  const xmax = medianOf(settled.map((s) => s.rate));
  const blocks = settled.map((s) => (s.buckets === null ? null : prepareBlocks(s.buckets)));
  const rng = createRng(seed ^ 0x5eed);
  const reps = new Float64Array(samples);
  const draw = new Float64Array(settled.length);
  for (let r = 0; r < samples; r += 1) {
    for (let i = 0; i < settled.length; i += 1) {
      const src = blocks[i];
      const rate = (settled[i] as { rate: number }).rate;
      draw[i] = src === null || src === undefined ? rate : rate * resampleRatio(rng, src);
    }
    reps[r] = medianOf(draw, draw.length);
  }
  const xmaxCi: [number, number] = samples > 0 ? percentileInterval(reps) : [xmax, xmax];
  const r0Sec = r0Ms / 1000;
  const top = unstable[unstable.length - 1] as StepSummary;
  return {
    xmaxPerSec: xmax,
    xmaxCi,
    xmaxReplicates: reps,
    rateBracket: [
      maxOf(
        stable.filter((s) => s.level < (unstable[0] as StepSummary).level).map((s) => s.level),
        0,
      ),
      (unstable[0] as StepSummary).level,
    ],
    knee: xmax * r0Sec,
    kneeCi: [xmaxCi[0] * r0Sec, xmaxCi[1] * r0Sec],
    growthPerSec: top.inFlightGrowthPerSec,
    unstableLevels: unstable.map((s) => s.level),
  };
}
