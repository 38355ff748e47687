/**
 * Scenario as written (shape- and rule-valid) -> the normalized `Scenario`: durations in
 * milliseconds, percentages as fractions, JSON bodies serialized with their content-type,
 * and every default filled in (the defaults are documented in the README, "Scenarios").
 */
import { parseDurationMs } from './duration.js';
import { parsePercent } from './percent.js';
import { normalizeSloEntries } from './slo-entries.js';
import type { LoadInput, ProbeInput, RequestInput, ScenarioInput, StageInput, TargetInput } from './schema.js';
import { normalizeData, normalizeFlows, normalizeTls } from './normalize-flows.js';
import { isTemplated } from './template.js';
import { pick } from '../pick.js';
import type {
  LoadSpec,
  PlanSpec,
  ProbeSpec,
  RequestSpec,
  Scenario,
  Stage,
  StopSpec,
  SweepSpec,
  TargetSpec,
} from './types.js';

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxInFlight: 10_000,
  sweepHoldMs: 5_000,
  sweepWarmupMs: 1_000,
  sweepRefine: 3,
  sweepFactor: 2,
  adaptiveTo: 256,
  adaptivePrecision: 0.1,
  adaptiveMaxDurationMs: 30_000,
  stopWindowMs: 10_000,
  stopMinRequests: 100,
  maxUtilization: 0.85,
  spikeFactor: 1,
  probeEveryMs: 1_000,
  seed: 1,
} as const;

/** Every 2xx code: the default `expect.status`. */
export const DEFAULT_EXPECT_STATUS: readonly number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

const ms = (text: string): number => parseDurationMs(text) ?? Number.NaN;
const optionalMs = (text: string | undefined): number | undefined => (text === undefined ? undefined : ms(text));
const fraction = (value: string | number): number => parsePercent(value) ?? Number.NaN;

function stringHeaders(
  headers: Readonly<Record<string, string | number | boolean>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}

function normalizeTarget(target: TargetInput): TargetSpec {
  const demo = target.demo;
  return {
    url: target.url?.replace(/\/+$/, ''),
    demo:
      demo === undefined
        ? undefined
        : {
            pool: demo.pool,
            holdMs: ms(demo.hold),
            acquireTimeoutMs: optionalMs(demo.acquireTimeout),
            failFast: demo.failFast ?? false,
            backend: demo.backend ?? 'memory',
            databaseUrl: demo.databaseUrl,
          },
    timeoutMs: optionalMs(target.timeout) ?? DEFAULTS.timeoutMs,
    headers: stringHeaders(target.headers),
    tls: normalizeTls(target.tls),
  };
}

export function normalizeRequest(request: Omit<RequestInput, 'weight'> & { weight?: number | undefined }): RequestSpec {
  const method = request.method ?? 'GET';
  const headers = stringHeaders(request.headers);
  let body = request.body;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['content-type'] ??= 'application/json';
  }
  const status = request.expect?.status;
  return {
    name: request.name ?? `${method} ${request.path}`,
    method,
    path: request.path,
    headers,
    body,
    weight: request.weight ?? 1,
    expectStatus:
      status === undefined ? DEFAULT_EXPECT_STATUS : [...new Set(Array.isArray(status) ? status : [status])],
    templated:
      isTemplated(request.path) ||
      (body !== undefined && isTemplated(body)) ||
      Object.values(headers).some(isTemplated),
  };
}

function normalizeStage(stage: StageInput): Stage {
  const durationMs = ms(stage.duration);
  if (stage.rampTo !== undefined) return { kind: 'ramp', durationMs, rampTo: stage.rampTo, name: stage.name };
  return { kind: 'hold', durationMs, level: stage.concurrency ?? stage.rate ?? Number.NaN, name: stage.name };
}

function normalizeSweep(sweep: NonNullable<LoadInput['sweep']>): SweepSpec {
  const spacing = sweep.spacing ?? 'geometric';
  const adaptive = sweep.adaptive === true;
  // The rules require from and to unless adaptive; NaN never survives validation.
  const from = sweep.from ?? (adaptive ? 1 : Number.NaN);
  const to = sweep.to ?? (adaptive ? DEFAULTS.adaptiveTo : Number.NaN);
  return {
    from,
    to,
    spacing,
    factor: spacing === 'geometric' ? (sweep.factor ?? DEFAULTS.sweepFactor) : undefined,
    increment: spacing === 'linear' ? (sweep.increment ?? Math.max(1, Math.ceil((to - from) / 8))) : undefined,
    holdMs: optionalMs(sweep.hold) ?? DEFAULTS.sweepHoldMs,
    warmupMs: optionalMs(sweep.warmup) ?? DEFAULTS.sweepWarmupMs,
    refine: sweep.refine ?? DEFAULTS.sweepRefine,
    stopAfterKnee: sweep.stopAfterKnee ?? true,
    probe: sweep.probe ?? true,
    adaptive: adaptive
      ? {
          precision: sweep.precision === undefined ? DEFAULTS.adaptivePrecision : fraction(sweep.precision),
          maxDurationMs: optionalMs(sweep.maxDuration) ?? DEFAULTS.adaptiveMaxDurationMs,
        }
      : undefined,
  };
}

function normalizeLoad(load: LoadInput): LoadSpec {
  const think = load.think;
  return {
    model: load.model ?? 'closed',
    think:
      think === undefined
        ? { minMs: 0, maxMs: 0 }
        : typeof think === 'string'
          ? { minMs: ms(think), maxMs: ms(think) }
          : { minMs: ms(think.min), maxMs: ms(think.max) },
    arrivals: load.arrivals ?? 'constant',
    seed: load.seed ?? DEFAULTS.seed,
    maxInFlight: load.maxInFlight ?? DEFAULTS.maxInFlight,
    stages: load.stages?.map(normalizeStage),
    sweep: load.sweep === undefined ? undefined : normalizeSweep(load.sweep),
  };
}

function normalizeStop(stop: ScenarioInput['stop']): StopSpec | undefined {
  if (stop === undefined) return undefined;
  return {
    errorRate: fraction(stop.errorRate),
    windowMs: optionalMs(stop.window) ?? DEFAULTS.stopWindowMs,
    minRequests: stop.minRequests ?? DEFAULTS.stopMinRequests,
  };
}

function normalizePlan(plan: ScenarioInput['plan']): PlanSpec | undefined {
  if (plan === undefined) return undefined;
  return {
    peakRate: plan.peakRate,
    p99Ms: optionalMs(plan.p99),
    pwait: plan.pwait === undefined ? undefined : fraction(plan.pwait),
    maxUtilization: plan.maxUtilization === undefined ? DEFAULTS.maxUtilization : fraction(plan.maxUtilization),
    spikeFactor: plan.spikeFactor ?? DEFAULTS.spikeFactor,
  };
}

/**
 * Probe URLs: `prometheus: demo` becomes "/metrics"; a path starting with "/" stays relative
 * and is resolved at run time against the target's origin (the demo target's URL once started).
 */
function normalizeProbes(probes: readonly ProbeInput[] | undefined): ProbeSpec[] {
  const counts = { prometheus: 0, postgres: 0 };
  return (probes ?? []).map((probe) => {
    const everyMs = optionalMs(probe.every) ?? DEFAULTS.probeEveryMs;
    if (probe.prometheus !== undefined) {
      const name = probe.name ?? `prometheus-${++counts.prometheus}`;
      return {
        kind: 'prometheus',
        name,
        url: probe.prometheus === 'demo' ? '/metrics' : probe.prometheus,
        everyMs,
        metrics: probe.metrics,
      };
    }
    return {
      kind: 'postgres',
      name: probe.name ?? `postgres-${++counts.postgres}`,
      url: probe.postgres ?? '',
      everyMs,
    };
  });
}

/** Builds the normalized Scenario. `input` must have passed the schema and the rules. */
export function normalizeScenario(
  input: ScenarioInput,
  file: string,
  secrets: readonly string[],
  files: { dataRowCount: number } = { dataRowCount: 0 },
): Scenario {
  const flows = normalizeFlows(input.flows, normalizeRequest);
  return {
    version: 1,
    name: input.name ?? defaultName(file),
    file,
    target: normalizeTarget(input.target),
    requests:
      flows === undefined
        ? (input.requests ?? []).map(normalizeRequest)
        : flows.flatMap((f) => f.steps.map(stepRequest)),
    flows,
    data: normalizeData(input.data, files.dataRowCount),
    load: normalizeLoad(input.load),
    ...normalizeSloEntries(input.slo),
    stop: normalizeStop(input.stop),
    plan: normalizePlan(input.plan),
    probes: normalizeProbes(input.probes),
    secrets,
  };
}

/** The fields of a request of the mix, in the order `inspect` and records show them. */
const REQUEST_KEYS = [
  'name',
  'method',
  'path',
  'headers',
  'body',
  'weight',
  'expectStatus',
  'templated',
] as const satisfies readonly (keyof RequestSpec)[];

/** A flow step as a request of the mix (what per-request results and `inspect` list). */
function stepRequest(step: RequestSpec): RequestSpec {
  return pick(step, REQUEST_KEYS);
}

/** "scenarios/spike.yml" -> "spike". */
function defaultName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.ya?ml$/i, '');
  return name === '' || name === '<inline>' ? 'scenario' : name;
}
