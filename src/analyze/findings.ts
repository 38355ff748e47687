/**
 * Everything the detectors found in one run, before it is judged (verdict.ts) and put into
 * words (summary.ts). Plain data.
 */
import type { LoadModel } from '../scenario/types.js';
import type { Analysis, SpikeResult } from '../record/types.js';
import type { Attribution } from './bottleneck/attribute.js';
import type { KneeResult } from './knee/index.js';
import type { ErrorOnset } from './knee/onset.js';
import type { OpenCapacity } from './stages/open.js';
import type { PoolEstimate } from './knee/pool.js';
import type { ClientQueueing, QueueingSignature } from './knee/queueing.js';
import type { StageBounds } from './stages/bounds.js';
import type { RampKnee } from './ramp/knee.js';
import type { StepSummary } from './types.js';

export type Findings = {
  model: LoadModel;
  /** Steps of the sweep (or hold stages), sorted by x, usable or not. */
  steps: StepSummary[];
  usable: StepSummary[];
  /** Why there is no fit, when there is none. */
  noFit: string | null;
  knee: KneeResult | null;
  /** Stage scenarios: capacity from the operational bounds of the hold stages (knee is then null). */
  stages: StageBounds | null;
  open: OpenCapacity | null;
  /** An adaptive search: its own knee estimate replaced kneeValue/kneeCi (Analysis.knee.adaptive). */
  adaptive?: NonNullable<NonNullable<Analysis['knee']>['adaptive']>;
  /** Stage scenarios with a ramp: the knee fitted on the ramp's windows (ANALYSIS.md §9.2). */
  ramp?: RampKnee | null;
  /** Knee concurrency actually reported (open model: Xmax·R0). */
  kneeValue: number | null;
  kneeCi: [number, number] | null;
  xmax: number | null;
  xmaxCi: [number, number] | null;
  r0Ms: number | null;
  errorOnset: ErrorOnset | null;
  latencyOnset: number | null;
  sloOnset: number | null;
  queueing: QueueingSignature | null;
  clientQueueing: ClientQueueing | null;
  pool: PoolEstimate | null;
  /** Level of the first generator-saturated step, null when none. */
  generatorLimitedAt: number | null;
  probeWaitingAt: number | null;
  /** Server-Timing pool wait on the plateau, ms (null without Server-Timing). */
  plateauWaitMs: number | null;
  acquireTimeoutMs: number | null;
  spikes: SpikeResult[];
  /** What ran out (bottleneck/attribute.ts), set once the detectors ran; null without a knee. */
  attribution?: Attribution | null;
};
