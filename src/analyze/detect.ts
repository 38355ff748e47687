/**
 * Runs the detectors over the step summaries of one run and gathers their findings
 * (CAPKNEE steps 2–10). Pure; the bootstrap is seeded.
 */
import type { AdaptiveRun, ProbeSeries, StepRecord, WindowRecord } from '../record/types.js';
import { estimateAdaptiveKnee } from './adaptive/estimate.js';
import { adaptiveWindowPoints } from './adaptive/points.js';
import type { SloSpec } from '../scenario/types.js';
import type { Findings } from './findings.js';
import { bracketOf, findKnee, type KneeResult } from './knee/index.js';
import { fitWeight } from './knee/models.js';
import { findErrorOnset, findLatencyOnset, findSloOnset } from './knee/onset.js';
import { openModelCapacity, type OpenCapacity } from './stages/open.js';
import { estimatePoolSize, holdShare, holdTimeMs } from './knee/pool.js';
import { clientQueueing, queueingSignature } from './knee/queueing.js';
import { analyzeSpikes } from './stages/spikes.js';
import { holdStages, stageBounds } from './stages/bounds.js';
import { risingSteps } from './ramp/points.js';
import { boundsWithRamp, findRampKnee } from './ramp/stages.js';
import { medianOf, minOf } from '../stats/index.js';
import type { StepSummary } from './types.js';

export type DetectInput = {
  steps: readonly StepRecord[];
  windows: readonly WindowRecord[];
  probes: readonly ProbeSeries[] | undefined;
  summaries: StepSummary[];
  slo: SloSpec | undefined;
  samples: number;
  seed: number;
  acquireTimeoutMs: number | null;
  probeWaitingAt: number | null;
  /** The sweep was an adaptive search (RunRecord.adaptive). */
  adaptive?: AdaptiveRun | undefined;
};

/** Sweep steps when there are any, else the stage holds; sorted by x. */
function fitSteps(all: readonly StepSummary[]): StepSummary[] {
  const sweep = all.filter((s) => s.kind !== 'stage');
  return [...(sweep.length > 0 ? sweep : all)].sort((p, q) => p.x - q.x || p.index - q.index);
}

function unloadedLatencyMs(usable: readonly StepSummary[]): number | null {
  const probe =
    usable.find((s) => s.kind === 'probe') ??
    usable.find((s) => s.model === 'closed' && s.level <= 1) ??
    (usable[0]?.model === 'open' ? [...usable].sort((p, q) => p.level - q.level)[0] : undefined);
  return probe !== undefined && probe.ok > 0 ? probe.meanOkLatencyMs : null;
}

/** Open model past capacity: the knee is Xmax·R0 from the unstable steps (§3.4 step 5). */
function withOpenCapacity(knee: KneeResult, open: OpenCapacity, usable: readonly StepSummary[]): KneeResult {
  const shape = knee.shape === 'retrograde' ? 'retrograde' : 'plateau';
  return {
    ...knee,
    shape,
    knee: open.knee,
    kneeCi: open.kneeCi,
    censored: null,
    bracket: bracketOf(
      usable.map((s) => s.x),
      open.knee,
    ),
    edge: open.knee,
    xmax: open.xmaxPerSec,
    xmaxCi: open.xmaxCi,
    xmaxCensored: false,
    xmaxReplicates: open.xmaxReplicates,
  };
}

function fitKnee(usable: readonly StepSummary[], r0Ms: number | null, input: DetectInput): KneeResult | null {
  if (new Set(usable.map((s) => s.x)).size < 3 && !(usable.length >= 2 && usable.some((s) => s.kind === 'probe')))
    return null;
  return findKnee(
    usable.map((s) => ({
      x: s.x,
      goodputPerSec: s.goodputPerSec,
      weight: fitWeight(s.goodputPerSec, s.goodputSePerSec),
      buckets: s.buckets,
      probe: s.kind === 'probe',
    })),
    { bootstrapSamples: input.samples, seed: input.seed, r0Sec: r0Ms === null ? null : r0Ms / 1000 },
  );
}

/** Level of the first generator-saturated step, null when none. */
function generatorLimit(steps: readonly StepSummary[]): number | null {
  const saturated = steps.filter((s) => s.generatorSaturated);
  return saturated.length > 0 ? minOf(saturated.map((s) => s.level)) : null;
}

/** A stage scenario: the operational bounds of its hold stages instead of a fit (ANALYSIS.md §1). */
function detectStages(input: DetectInput, steps: StepSummary[]): Findings {
  const usable = steps.filter((s) => s.usable);
  const model = steps[0]?.model ?? 'closed';
  const ramps = new Set(input.steps.filter((s) => s.fromLevel !== s.level).map((s) => s.index));
  const bounds = stageBounds(steps, ramps, input.windows);
  const ramp = findRampKnee({
    steps: input.steps,
    windows: input.windows,
    model,
    samples: input.samples,
    seed: input.seed,
    r0Ms: bounds?.r0Ms ?? null,
  });
  const b = boundsWithRamp(bounds, ramp, steps, risingSteps(input.steps) ?? []);
  const knee = b?.knee ?? null;
  const holds = holdStages(steps, ramps).map((s) => ({ ...s, x: model === 'open' ? s.level : s.x }));
  const usableHolds = usable.filter((s) => !ramps.has(s.index)).sort((p, q) => p.x - q.x || p.index - q.index);
  return {
    model,
    steps,
    usable,
    stages: b,
    ramp: b !== bounds ? ramp : null,
    noFit:
      b === null ? 'every stage is already saturated: no unsaturated stage to anchor the unloaded latency R0' : null,
    knee: null,
    open: null,
    kneeValue: knee,
    kneeCi: b?.kneeCi ?? null,
    xmax: b?.xmaxPerSec ?? null,
    xmaxCi: b?.xmaxCi ?? null,
    r0Ms: b?.r0Ms ?? null,
    errorOnset: findErrorOnset(holds),
    latencyOnset: b === null ? null : findLatencyOnset(usableHolds, b.r0Ms),
    sloOnset: input.slo?.p99Ms === undefined ? null : findSloOnset(usableHolds, input.slo.p99Ms),
    queueing: null,
    clientQueueing: knee === null ? null : clientQueueing(usableHolds, knee),
    pool: b === null || knee === null ? null : estimatePoolSize(b.xmaxPerSec, b.xmaxCi, b.holdMs, b.r0Ms, b.holdShare),
    generatorLimitedAt: generatorLimit(steps),
    probeWaitingAt: input.probeWaitingAt,
    plateauWaitMs: b?.waitMs ?? null,
    acquireTimeoutMs: input.acquireTimeoutMs,
    spikes: analyzeSpikes(input.steps, input.windows),
  };
}

/**
 * An adaptive search reports the knee and interval it stopped on (analyze/adaptive), from the
 * windows of its usable levels, when both it and the level fit find an uncensored knee.
 */
function withAdaptiveKnee(f: Findings, input: DetectInput): Findings {
  const run = input.adaptive;
  if (run === undefined || f.model !== 'closed' || f.knee === null || f.knee.censored !== null) return f;
  const points = adaptiveWindowPoints(input.steps, input.windows, new Set(f.usable.map((s) => s.index)));
  const estimate = estimateAdaptiveKnee(points, { samples: input.samples, seed: input.seed });
  if (estimate === null || estimate.censored !== null) return f;
  const [lo, hi] = estimate.ci95;
  const withinPrecision =
    lo >= estimate.knee * (1 - run.precision) - 1e-9 && hi <= estimate.knee * (1 + run.precision) + 1e-9;
  const knee = {
    ...f.knee,
    bracket: bracketOf(
      f.usable.map((s) => s.x),
      estimate.knee,
    ),
  };
  return {
    ...f,
    knee,
    kneeValue: estimate.knee,
    kneeCi: estimate.ci95,
    adaptive: {
      windows: points.length,
      loadMs: run.loadMs,
      stoppedBy: run.stoppedBy,
      precision: run.precision,
      withinPrecision,
    },
  };
}

export function detect(input: DetectInput): Findings {
  const found = detectAll(input);
  return found.stages === null ? withAdaptiveKnee(found, input) : found;
}

function detectAll(input: DetectInput): Findings {
  const steps = fitSteps(input.summaries);
  if (steps.length > 0 && steps.every((s) => s.kind === 'stage')) return detectStages(input, steps);
  const usable = steps.filter((s) => s.usable);
  const model = steps[0]?.model ?? 'closed';
  let r0Ms = unloadedLatencyMs(usable);
  const fitted = fitKnee(usable, r0Ms, input);
  r0Ms ??= fitted !== null ? fitted.r0Sec * 1000 : null;
  const open = model === 'open' && r0Ms !== null ? openModelCapacity(steps, r0Ms, input.samples, input.seed) : null;
  const knee = fitted !== null && open !== null ? withOpenCapacity(fitted, open, usable) : fitted;
  const found = knee !== null && knee.censored === null ? knee.knee : null;
  const xmax = knee?.xmax ?? null;
  const byLevel = steps
    .filter((s) => !s.generatorSaturated)
    .map((s) => ({ ...s, x: model === 'open' ? s.level : s.x }))
    .sort((p, q) => p.x - q.x);
  const hold = holdTimeMs(usable);
  const beyond = found === null ? [] : usable.filter((s) => s.x >= found && s.serverTiming !== null);
  return {
    model,
    steps,
    usable,
    stages: null,
    noFit:
      knee === null
        ? `only ${new Set(usable.map((s) => s.x)).size} usable level(s): ` +
          'a knee needs at least 3 levels, one of them low (a concurrency-1 probe)'
        : null,
    knee,
    open,
    kneeValue: found,
    kneeCi: found === null ? null : (knee?.kneeCi ?? null),
    xmax,
    xmaxCi: knee?.xmaxCi ?? null,
    r0Ms,
    errorOnset: findErrorOnset(byLevel),
    latencyOnset: r0Ms === null ? null : findLatencyOnset(usable, r0Ms),
    sloOnset: input.slo?.p99Ms === undefined ? null : findSloOnset(usable, input.slo.p99Ms),
    queueing:
      model === 'closed' && found !== null && xmax !== null && r0Ms !== null
        ? queueingSignature(usable, found, xmax, r0Ms)
        : null,
    clientQueueing: found === null ? null : clientQueueing(usable, found),
    pool:
      xmax === null || knee?.censored === 'above' || (hold === null && knee?.censored === 'below') || r0Ms === null
        ? null
        : estimatePoolSize(xmax, knee?.xmaxCi ?? null, hold, r0Ms, holdShare(beyond.length > 0 ? beyond : usable)),
    generatorLimitedAt: generatorLimit(steps),
    probeWaitingAt: input.probeWaitingAt,
    plateauWaitMs: beyond.length > 0 ? medianOf(beyond.map((s) => s.serverTiming?.waitMs ?? 0)) : null,
    acquireTimeoutMs: input.acquireTimeoutMs,
    spikes: analyzeSpikes(input.steps, input.windows),
  };
}
