/**
 * The RunRecord v1 schema (zod 4), the reader's validation and the JSON Schema users' tools
 * can check records against (`capplan schema --record`).
 *
 * Lenient where the contract may grow: every object is loose (unknown keys are kept), so a
 * record written by a newer capplan v1 with additive fields still reads. Strict on the types
 * of known fields. The compile-time check at the bottom keeps this schema and
 * `RunRecord` (record/types.ts) in step: a field added to one and not the other fails `tsc`.
 */
import { z } from 'zod';
import { RecordError } from '../errors.js';
import { RUN_RECORD_SCHEMA, type RunRecord } from './types.js';

const count = z.int().nonnegative();
const counts = z.record(z.string(), count);
const nullableNumber = z.number().nullable();
/**
 * A statistic of the analysis. Fits can produce non-finite values (a perfect fit has AICc
 * -Infinity) and JSON has no such numbers: JSON.stringify writes them as null. They are read
 * back as NaN, so a record capplan wrote always reads back.
 */
const stat = z.union([z.number(), z.null().transform(() => Number.NaN)]);
const statPair = z.tuple([stat, stat]);
const loadModel = z.enum(['closed', 'open']);

const latencySummary = z.looseObject({
  count,
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
  mean: z.number(),
});

const serverTimingTotals = z.looseObject({
  poolSumMs: z.number(),
  poolCount: count,
  dbSumMs: z.number(),
  dbCount: count,
  malformed: count.exactOptional(),
  okPoolSumMs: z.number().exactOptional(),
  okPoolCount: count.exactOptional(),
  okDbSumMs: z.number().exactOptional(),
  okDbCount: count.exactOptional(),
});

const lag = z.looseObject({ sumMs: z.number(), buckets: counts });

const generatorHealth = z.looseObject({
  loopDelayP99Ms: z.number(),
  utilization: z.number(),
  lateStartFraction: z.number(),
  clientQueued: z.number(),
  saturated: z.boolean(),
  heapUsedMb: z.number().exactOptional(),
});

/** The counters of a request name, a window and a step (metrics/types.ts Counts, RequestResult). */
const requestCounts = { sent: count, ok: count, errorCount: count, errors: counts, status: counts };

/** `byRequest[name]` of windows and steps (record/types.ts RequestResult). */
const byRequest = z.record(
  z.string(),
  z.looseObject({
    ...requestCounts,
    bytesIn: z.number(),
    hdr: z.string(),
    latencyMs: latencySummary,
  }),
);

const windowRecord = z.looseObject({
  tMs: z.number(),
  durationMs: z.number(),
  phaseIndex: count,
  stage: z.string(),
  level: z.number(),
  inFlight: z.number(),
  inFlightMax: z.number(),
  inFlightEnd: z.number(),
  intended: count,
  ...requestCounts,
  bytesIn: z.number(),
  late: count,
  dropped: count,
  okLatencySumUs: z.number(),
  errorLatencySumUs: z.number(),
  quarterOk: z.array(count),
  quarterErrors: z.array(count),
  latencyMs: latencySummary,
  hdr: z.string(),
  hdrErrors: z.string().exactOptional(),
  serverTiming: serverTimingTotals,
  generator: generatorHealth,
  warmup: z.boolean(),
  drain: z.literal(true).exactOptional(),
  lag: lag.exactOptional(),
  cancelled: count.exactOptional(),
  byRequest: byRequest.exactOptional(),
});

const stepRecord = z.looseObject({
  index: count,
  phaseIndex: count,
  kind: z.enum(['probe', 'level', 'refine', 'stage']),
  label: z.string(),
  level: z.number(),
  fromLevel: z.number(),
  model: loadModel,
  startMs: z.number(),
  durationMs: z.number(),
  windowRange: z.tuple([z.int(), z.int()]),
  intended: count,
  ...requestCounts,
  late: count,
  dropped: count,
  throughputPerSec: z.number(),
  goodputPerSec: z.number(),
  errorRate: z.number(),
  inFlight: z.number(),
  latencyMs: latencySummary,
  meanOkLatencyMs: z.number(),
  meanErrorLatencyMs: z.number(),
  hdr: z.string(),
  hdrErrors: z.string().exactOptional(),
  latencyAllMs: latencySummary.exactOptional(),
  serverTiming: z.looseObject({ holdMs: z.number(), waitMs: z.number(), samples: count }).exactOptional(),
  serverTimingErrors: z.looseObject({ holdMs: z.number(), waitMs: z.number(), samples: count }).exactOptional(),
  stable: z.boolean(),
  inFlightGrowthPerSec: z.number(),
  generatorSaturated: z.boolean(),
  errorSamples: z.array(z.string()),
  generatorLimit: z.string().exactOptional(),
  lagMs: z.looseObject({ p50: z.number(), p99: z.number(), growthMs: z.number() }).exactOptional(),
  byRequest: byRequest.exactOptional(),
});

const probeSeries = z.looseObject({
  name: z.string(),
  kind: z.enum(['prometheus', 'postgres']),
  series: z.array(z.looseObject({ tMs: z.number(), values: z.record(z.string(), z.number()) })),
  warnings: z.array(z.string()),
});

const signal = z.looseObject({
  kind: z.enum([
    'throughput-plateau',
    'retrograde',
    'error-onset',
    'latency-growth',
    'slo-breach',
    'queueing-signature',
    'client-queueing',
    'generator-saturated',
    'unstable',
    'little-law',
    'probe',
    'usl-peak',
  ]),
  at: nullableNumber,
  detail: z.string(),
});

const spikeResult = z.looseObject({
  stage: z.string(),
  phaseIndex: count,
  level: stat,
  baselineLatencyMs: stat,
  peakLatencyMs: stat,
  errors: count,
  timeToFirstErrorMs: nullableNumber,
  recoveryMs: nullableNumber,
  inFlightGrowthPerSec: stat,
});

const sloResult = z.looseObject({
  metric: z.string(),
  scope: z.string(),
  threshold: stat,
  actual: stat,
  unit: z.enum(['ms', 'ratio', 'req/s']),
  pass: z.boolean(),
  latency: z.enum(['all', 'ok']).exactOptional(),
  request: z.string().exactOptional(),
});

const endpointResult = z.looseObject({
  name: z.string(),
  dependsOnPool: z.boolean(),
  latencyRatio: stat.nullable(),
  poolErrorShare: stat,
  why: z.string(),
});

const planResult = z.looseObject({
  feasible: z.boolean(),
  reason: z.string().nullable(),
  poolSize: nullableNumber,
  utilization: nullableNumber,
  pWait: nullableNumber,
  meanWaitMs: nullableNumber,
  p99Ms: nullableNumber,
  headroom: nullableNumber,
  absorbableSpikeSec: nullableNumber,
  inputs: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  notes: z.array(z.string()),
});

const failureCause = z.looseObject({
  cause: z.enum(['surge', 'slowdown']),
  step: z.string(),
  offered: stat,
  capacity: stat,
  unit: z.enum(['concurrent', 'req/s']),
  text: z.string(),
});

const bottleneck = z.looseObject({
  limit: nullableNumber,
  resource: z.enum(['connection-pool', 'cpu', 'downstream', 'admission', 'unknown']),
  evidence: z.array(z.looseObject({ source: z.string(), at: nullableNumber, text: z.string() })),
  against: z.array(z.looseObject({ source: z.string(), text: z.string() })),
  settle: z.string().nullable(),
  failure: failureCause.nullable(),
});

const analysis = z.looseObject({
  verdict: z.enum(['pool-exhaustion', 'saturation', 'not-reached', 'inconclusive', 'target-failing']),
  shape: z.enum(['plateau', 'retrograde', 'smooth', 'soft', 'rising', 'saturated-from-start']).nullable(),
  reason: z.enum(['error-onset', 'retrograde', 'throughput-plateau', 'latency-growth']).nullable(),
  summary: z.string(),
  knee: z
    .looseObject({
      concurrency: stat,
      ci95: statPair,
      bracket: statPair,
      censored: z.enum(['above', 'below']).nullable(),
      method: z.enum(['fit', 'bounds', 'ramp']).exactOptional(),
      ramp: z.looseObject({ windows: stat, beyond: stat }).exactOptional(),
      adaptive: z
        .looseObject({
          windows: count,
          loadMs: z.number(),
          stoppedBy: z.string(),
          precision: z.number(),
          withinPrecision: z.boolean(),
        })
        .exactOptional(),
    })
    .nullable(),
  maxThroughputPerSec: z.looseObject({ value: stat, ci95: statPair, censored: z.boolean() }).nullable(),
  unloadedLatencyMs: nullableNumber,
  poolEstimate: z
    .looseObject({
      size: stat,
      ci95: statPair,
      basis: z.enum(['server-timing', 'upper-bound']),
      method: z.enum(['server-timing', 'upper-bound', 'pg-stat-activity']).exactOptional(),
    })
    .nullable(),
  errorOnset: z.looseObject({ concurrency: stat, bracket: statPair, kind: z.string(), errorRate: stat }).nullable(),
  latencyOnset: nullableNumber,
  usl: z
    .looseObject({ sigma: stat, kappa: stat, lambda: stat, nPeak: nullableNumber, xPeak: nullableNumber, aicc: stat })
    .nullable(),
  hinge: z.looseObject({ a: stat, b: stat, tau: stat, aicc: stat }).nullable(),
  queueing: z
    .looseObject({
      slopeMsPerRequest: stat,
      expectedMsPerRequest: stat,
      interceptMs: stat,
      confirmed: z.boolean(),
    })
    .nullable(),
  confidence: z.enum(['high', 'medium', 'low', 'n/a']),
  signals: z.array(signal),
  spikes: z.array(spikeResult),
  slo: z.array(sloResult),
  capacityAtSlo: nullableNumber,
  plan: planResult.exactOptional(),
  bottleneck: bottleneck.nullable().exactOptional(),
  excludedSteps: z.array(z.looseObject({ index: count, why: z.string() })),
  endpoints: z.array(endpointResult).exactOptional(),
});

/** The whole RunRecord v1. */
export const runRecordSchema = z.looseObject({
  schema: z.literal(RUN_RECORD_SCHEMA),
  tool: z.looseObject({ name: z.literal('capplan'), version: z.string() }),
  scenario: z.looseObject({ name: z.string(), file: z.string(), sha256: z.string(), resolved: z.unknown() }),
  environment: z.looseObject({
    node: z.string(),
    platform: z.string(),
    cpus: count,
    workers: count,
    shard: z.looseObject({ index: count, count: z.int().positive() }).exactOptional(),
    merged: z.looseObject({ count: z.int().positive(), indexes: z.array(count) }).exactOptional(),
    targetUrl: z.string(),
  }),
  model: loadModel,
  status: z.enum(['completed', 'interrupted', 'aborted']),
  abortReason: z.string().exactOptional(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number(),
  windows: z.array(windowRecord),
  steps: z.array(stepRecord),
  probes: z.array(probeSeries).exactOptional(),
  warnings: z.array(z.string()),
  adaptive: z
    .looseObject({
      from: z.number(),
      to: z.number(),
      precision: z.number(),
      maxLoadMs: z.number(),
      stoppedBy: z.string(),
      loadMs: z.number(),
      levels: count,
    })
    .exactOptional(),
  analysis,
});

/** How many problems a RecordError line names before "and N more". */
const MAX_PROBLEMS_SHOWN = 3;

/**
 * Validates parsed JSON as a RunRecord v1. `source` names it in messages (a path or "stdin").
 * Throws RecordError with one line: the schema-version mismatch, or the first few problems
 * with their JSON paths (`windows[3].hdr: expected string, received number`).
 */
export function parseRunRecord(json: unknown, source: string): RunRecord {
  checkSchemaVersion(json, source);
  const result = runRecordSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const shown = issues.slice(0, MAX_PROBLEMS_SHOWN).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_PROBLEMS_SHOWN ? `; and ${issues.length - MAX_PROBLEMS_SHOWN} more` : '';
  throw new RecordError(`${source} is not a valid ${RUN_RECORD_SCHEMA} record: ${shown.join('; ')}${more}`, {
    hint: 'was it written by capplan, or edited by hand?',
  });
}

function checkSchemaVersion(json: unknown, source: string): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RecordError(`${source} is not a capplan run record: expected a JSON object`);
  }
  const schema = (json as { schema?: unknown }).schema;
  if (schema === undefined) {
    throw new RecordError(`${source} is not a capplan run record: it has no "schema" field`, {
      hint: `capplan records start with "schema": "${RUN_RECORD_SCHEMA}"`,
    });
  }
  if (schema !== RUN_RECORD_SCHEMA) {
    const written = typeof schema === 'string' ? schema : JSON.stringify(schema);
    throw new RecordError(`${source} was written by ${written}; this capplan reads ${RUN_RECORD_SCHEMA}`, {
      hint: 'use the capplan version that wrote it, or re-run the scenario',
    });
  }
}

/** `["windows", 3, "hdr"]` -> `windows[3].hdr`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** The RunRecord JSON Schema (draft 2020-12) of the file as written, for editors and users' tools. */
export function recordJsonSchema(): Record<string, unknown> {
  const jsonSchema = z.toJSONSchema(runRecordSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return { ...jsonSchema, title: 'capplan RunRecord v1' };
}

/*
 * Compile-time check that the schema and RunRecord are in step. Loose objects add an index
 * signature to every inferred object; with it stripped (recursively), the schema's output type
 * must equal RunRecord exactly, so a field missing, extra, optional in one only, or typed
 * differently on either side fails `tsc`.
 */
type StripIndex<T> = T extends readonly (infer E)[]
  ? T extends readonly [unknown, ...unknown[]]
    ? { [K in keyof T]: StripIndex<T[K]> }
    : StripIndex<E>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: StripIndex<T[K]> }
    : T;
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
type SchemaRecord = StripIndex<z.infer<typeof runRecordSchema>>;
const schemaMatchesType: Equal<SchemaRecord, StripIndex<RunRecord>> = true;
void schemaMatchesType;
