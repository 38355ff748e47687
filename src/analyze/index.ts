/**
 * The analyzer's entry point: RunRecord (without analysis) in, Analysis out. Pure: no
 * clock, no IO, and the only randomness is the seeded bootstrap, so the same record and
 * options always give the same analysis. The method is ANALYSIS.md §3.4 (CAPKNEE).
 */
import type { Analysis, RunRecord, StepRecord } from '../record/types.js';
import type { PlanSpec, RequestSloSpec, Scenario, SloSpec } from '../scenario/types.js';
import { attribute } from './bottleneck/attribute.js';
import { detect } from './detect.js';
import { analyzeEndpoints } from './endpoints.js';
import type { Findings } from './findings.js';
import { holdSamplesMs } from './planner/hold-samples.js';
import { planPool } from './planner/index.js';
import { withObservedSize } from './knee/pool.js';
import { probeWaitingSignal } from './probe-signal.js';
import { collectSignals } from './signals.js';
import { evaluateAllSlos } from './request-slo.js';
import { toStepSummaries } from './steps.js';
import { failingSummary, targetFailing } from './failing.js';
import { summarize } from './summary.js';
import { judge } from './verdict.js';

export { suggestRefinementLevels, type RefinePoint } from './knee/refine.js';
export { findKnee } from './knee/index.js';
export { planPool, type PlanInput } from './planner/index.js';

export type AnalyzeInput = Omit<RunRecord, 'analysis'> & { analysis?: Analysis };

export type AnalyzeOptions = {
  slo?: SloSpec | undefined;
  /** Endpoint SLOs: thresholds per request name, judged on `byRequest`. */
  requestSlos?: readonly RequestSloSpec[] | undefined;
  plan?: PlanSpec | undefined;
  /** Seed of the bootstrap PRNG (default 1): the same record gives the same analysis. */
  seed?: number;
  /** Bootstrap resamples (default 1000). */
  bootstrapSamples?: number;
  /** Pool acquire timeout of the target, ms, when known (error-onset cross-check, spike absorption). */
  acquireTimeoutMs?: number | undefined;
  /**
   * Closed model with think time (`load.think`, or a flow step's `think`): in-flight is below the
   * level by design (skips that Little check).
   */
  thinkTime?: boolean;
};

/** The analysis options a scenario implies (SLOs, plan block, demo acquire timeout, think time). */
export function analyzeOptionsFor(
  scenario: Pick<Scenario, 'slo' | 'requestSlos' | 'plan' | 'target' | 'load'> & Partial<Pick<Scenario, 'flows'>>,
): AnalyzeOptions {
  const acquireTimeoutMs = scenario.target.demo?.acquireTimeoutMs;
  // A flow's users pause between steps: they are not all in flight, as with load.think.
  const stepThink = (scenario.flows ?? []).some((f) => f.steps.some((s) => s.think.maxMs > 0));
  return {
    slo: scenario.slo,
    plan: scenario.plan,
    thinkTime: scenario.load.think.maxMs > 0 || stepThink,
    ...(scenario.requestSlos === undefined || scenario.requestSlos.length === 0
      ? {}
      : { requestSlos: scenario.requestSlos }),
    ...(acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs }),
  };
}

function planFor(
  f: Findings,
  plan: PlanSpec | undefined,
  acquireTimeoutMs: number | undefined,
  steps: readonly StepRecord[],
): Analysis['plan'] {
  if (plan === undefined) return undefined;
  const holdMs = f.pool?.basis === 'server-timing' ? f.pool.holdMs : f.r0Ms;
  if (holdMs === null || !(holdMs > 0)) return undefined;
  const samples = holdSamplesMs(steps, holdMs);
  const capacity = f.xmax !== null && f.knee?.censored !== 'above' && f.stages?.knee !== null ? f.xmax : undefined;
  return planPool({
    ratePerSec: plan.peakRate,
    holdMs,
    maxUtilization: plan.maxUtilization,
    spikeFactor: plan.spikeFactor,
    peakRatePerSec: plan.peakRate,
    ...(plan.p99Ms === undefined ? {} : { targetMs: plan.p99Ms }),
    ...(plan.pwait === undefined ? {} : { pwaitMax: plan.pwait }),
    ...(samples === undefined ? {} : { holdSamplesMs: samples }),
    ...(capacity === undefined ? {} : { currentCapacityPerSec: capacity }),
    ...(acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs }),
  });
}

/** Stage scenarios: the bound, or the fit over a ramp's windows and how many carried it. */
function methodOf(f: Findings): Pick<NonNullable<Analysis['knee']>, 'method' | 'ramp'> {
  const r = f.ramp;
  return r === null || r === undefined
    ? { method: 'bounds' }
    : { method: 'ramp', ramp: { windows: r.windows, beyond: r.windowsBeyond } };
}

function kneeOf(f: Findings): Analysis['knee'] {
  const b = f.stages;
  if (b !== null) {
    // Stage scenarios: the bound Xmax·R0, or (no stage saturated) above the top hold.
    return b.knee === null
      ? { concurrency: b.edge, ci95: [b.edge, b.edge], bracket: b.bracket, censored: 'above', method: 'bounds' }
      : { concurrency: b.knee, ci95: b.kneeCi ?? [b.knee, b.knee], bracket: b.bracket, censored: null, ...methodOf(f) };
  }
  const k = f.knee;
  if (k === null) return null;
  const value = f.kneeValue ?? k.edge;
  return {
    concurrency: value,
    ci95: f.kneeCi ?? [value, value],
    bracket: k.bracket,
    censored: k.censored,
    ...(f.adaptive === undefined ? {} : { adaptive: f.adaptive }),
  };
}

function modelsOf(f: Findings): Pick<Analysis, 'usl' | 'hinge'> {
  const k = f.knee;
  if (k === null) return { usl: null, hinge: null };
  const u = k.fits.m3;
  const hingeAicc = k.hinge === k.fits.m2 ? k.fits.aicc.M2 : k.fits.aicc.M1;
  return {
    usl:
      u === null
        ? null
        : { sigma: u.sigma, kappa: u.kappa, lambda: u.lambda, nPeak: u.nPeak, xPeak: u.xPeak, aicc: k.fits.aicc.M3 },
    hinge: { a: k.hinge.a, b: k.hinge.b, tau: k.hinge.tau, aicc: hingeAicc },
  };
}

/** The findings with their bottleneck attribution and the pool size it observed. */
function findingsOf(
  record: AnalyzeInput,
  options: AnalyzeOptions,
  summaries: ReturnType<typeof toStepSummaries>,
  probe: ReturnType<typeof probeWaitingSignal>,
): Findings {
  const found = detect({
    steps: record.steps,
    windows: record.windows,
    probes: record.probes,
    summaries,
    slo: options.slo,
    samples: options.bootstrapSamples ?? 1000,
    seed: options.seed ?? 1,
    acquireTimeoutMs: options.acquireTimeoutMs ?? null,
    probeWaitingAt: probe?.at ?? null,
    adaptive: record.adaptive,
  });
  const attribution = attribute(found, record.probes, record.windows);
  return { ...found, attribution, pool: withObservedSize(found.pool, attribution?.poolSize ?? null) };
}

/** The estimates of the contract (throughput, pool, onset, queueing) in the shape Analysis gives them. */
function estimatesOf(f: Findings): Pick<Analysis, 'maxThroughputPerSec' | 'poolEstimate' | 'errorOnset' | 'queueing'> {
  const q = f.queueing;
  return {
    maxThroughputPerSec:
      f.xmax === null
        ? null
        : {
            value: f.xmax,
            ci95: f.xmaxCi ?? [f.xmax, f.xmax],
            censored: f.knee?.xmaxCensored ?? f.stages?.knee === null,
          },
    poolEstimate:
      f.pool === null
        ? null
        : { size: f.pool.size, ci95: f.pool.ci95, basis: f.pool.basis, method: f.pool.method ?? f.pool.basis },
    errorOnset:
      f.errorOnset === null
        ? null
        : {
            concurrency: f.errorOnset.concurrency,
            bracket: f.errorOnset.bracket,
            kind: f.errorOnset.kind,
            errorRate: f.errorOnset.errorRate,
          },
    queueing:
      q === null
        ? null
        : {
            slopeMsPerRequest: q.slopeMsPerRequest,
            expectedMsPerRequest: q.expectedMsPerRequest,
            interceptMs: q.interceptMs,
            confirmed: q.confirmed,
          },
  };
}

export function analyzeRun(record: AnalyzeInput, options: AnalyzeOptions = {}): Analysis {
  const summaries = toStepSummaries(record.steps, record.windows, { zeroThink: options.thinkTime !== true });
  const probe = probeWaitingSignal(record.probes, record.steps, record.windows);
  const f = findingsOf(record, options, summaries, probe);
  const attribution = f.attribution;
  const j = judge(f);
  const attributed = j.verdict === 'pool-exhaustion' || j.verdict === 'saturation';
  const unstable = new Set(summaries.filter((s) => !s.stable).map((s) => s.index));
  const slo = evaluateAllSlos(record.steps, options.slo, options.requestSlos ?? [], unstable);
  const e = estimatesOf(f);
  const plan = planFor(f, options.plan, options.acquireTimeoutMs, record.steps);
  const failing = targetFailing(record.windows);
  const endpoints = analyzeEndpoints(record.steps);
  const summary = endpoints.sentence === '' ? summarize(f, j) : `${summarize(f, j)} ${endpoints.sentence}`;
  return {
    verdict: failing === null ? j.verdict : 'target-failing',
    shape: f.knee?.shape ?? (f.stages?.knee != null ? 'plateau' : f.stages !== null ? 'rising' : null),
    reason: failing === null ? j.reason : null,
    summary: failing === null ? summary : failingSummary(failing),
    knee: kneeOf(f),
    maxThroughputPerSec: e.maxThroughputPerSec,
    unloadedLatencyMs: f.r0Ms,
    poolEstimate: e.poolEstimate,
    errorOnset: e.errorOnset,
    latencyOnset: f.latencyOnset,
    ...modelsOf(f),
    queueing: e.queueing,
    confidence: j.confidence,
    signals: collectSignals(f, probe),
    spikes: f.spikes,
    slo: slo.results,
    capacityAtSlo: slo.capacityAtSlo,
    ...(plan === undefined ? {} : { plan }),
    bottleneck: attributed ? (attribution?.bottleneck ?? null) : null,
    excludedSteps: f.steps.filter((s) => !s.usable).map((s) => ({ index: s.index, why: s.why ?? 'unusable' })),
    ...(endpoints.endpoints === undefined ? {} : { endpoints: endpoints.endpoints }),
  };
}
