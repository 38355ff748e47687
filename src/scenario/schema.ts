/**
 * The zod schema of the scenario file as written (DESIGN.md §4): strict objects, so a typo
 * is an error, and formats (durations, percentages) checked with messages that say what
 * was expected. Defaults and units are applied later by `normalize.ts`; cross-field rules
 * live in `rules.ts`. `capplan schema` prints this schema as JSON Schema (draft 2020-12).
 */
import { z } from 'zod';
import { DURATION_PATTERN, describeBadDuration, describeValue } from './duration.js';
import { PERCENT_PATTERN, describeBadPercent, parsePercent } from './percent.js';

type IssueInput = { input?: unknown };

/** Schema-level messages defer to the generic ones for a missing key (input undefined). */
const durationError = { error: (iss: IssueInput) => (iss.input === undefined ? undefined : describeBadDuration(iss.input)) };
const percentError = { error: (iss: IssueInput) => (iss.input === undefined ? undefined : describeBadPercent(iss.input)) };

const duration = z
  .string(durationError)
  .regex(DURATION_PATTERN, durationError)
  .meta({ description: 'A duration with a unit: 500ms, 30s, 2m, 1h, or compound like 1m30s.' });

const percent = z
  .union([
    z.string(percentError).regex(PERCENT_PATTERN, percentError).refine((v) => parsePercent(v) !== undefined, percentError),
    z.number(percentError).min(0, percentError).max(1, percentError),
  ], percentError)
  .meta({ description: 'A percentage like "1%" or a fraction 0..1 like 0.01.' });

const positiveInt = z.number().int().positive();
const positive = z.number().positive();

const headerValue = z.union([z.string(), z.number(), z.boolean()], {
  error: (iss: IssueInput) => (iss.input === undefined ? undefined : `expected a header value (text), got ${describeValue(iss.input)}`),
});
const headers = z.record(z.string(), headerValue).meta({ description: 'HTTP headers; values may use ${env.NAME}.' });

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const demoSchema = z.strictObject({
  pool: positiveInt.meta({ description: 'Connection pool size of the demo target.' }),
  hold: duration.meta({ description: 'Time each request holds a pool connection.' }),
  acquireTimeout: duration.optional().meta({ description: 'Fail with 503 after waiting this long for a connection.' }),
  failFast: z.boolean().optional().meta({ description: 'Fail with 503 at once when the pool is full.' }),
  backend: z.enum(['memory', 'postgres']).optional().meta({ description: 'memory (default) or a real PostgreSQL.' }),
  databaseUrl: z.string().optional().meta({ description: 'PostgreSQL URL for backend: postgres.' }),
});

const targetSchema = z.strictObject({
  url: z.string().optional().meta({ description: 'Origin of the service under test, http(s)://host[:port][/base].' }),
  demo: demoSchema.optional().meta({ description: 'Start the embedded demo target instead of using url.' }),
  timeout: duration.optional().meta({ description: 'Per-request timeout (default 10s).' }),
  headers: headers.optional(),
});

const statusCode = z.number().int().min(100).max(599);

const requestSchema = z.strictObject({
  name: z.string().min(1).optional(),
  method: z.enum(METHODS).optional().meta({ description: 'HTTP method (default GET).' }),
  path: z.string().meta({ description: 'Path and query starting with "/"; templates {{seq}} {{uuid}} {{rand A B}}.' }),
  headers: headers.optional(),
  json: z.unknown().optional().meta({ description: 'A JSON body (sent with content-type: application/json).' }),
  body: z.string().optional().meta({ description: 'A text body.' }),
  weight: positive.optional().meta({ description: 'Relative weight in the mix (default 1).' }),
  expect: z.strictObject({
    status: z.union([statusCode, z.array(statusCode).min(1)]).optional().meta({ description: 'Status codes that count as success (default 200-299).' }),
  }).optional(),
});

const stageSchema = z.strictObject({
  duration,
  concurrency: positiveInt.optional().meta({ description: 'Closed model: virtual users held for the stage.' }),
  rate: positive.optional().meta({ description: 'Open model: arrivals per second held for the stage.' }),
  rampTo: positive.optional().meta({ description: 'Ramp linearly from the previous level to this one.' }),
  name: z.string().min(1).optional(),
});

const sweepSchema = z.strictObject({
  from: positive,
  to: positive,
  spacing: z.enum(['geometric', 'linear']).optional(),
  factor: z.number().gt(1).optional().meta({ description: 'Geometric ratio between levels (default 2).' }),
  increment: positive.optional().meta({ description: 'Linear step between levels (default (to-from)/8 rounded up).' }),
  hold: duration.optional().meta({ description: 'Measured time per level (default 5s).' }),
  warmup: duration.optional().meta({ description: 'Discarded time at the start of each level (default 1s).' }),
  refine: z.number().int().min(0).optional().meta({ description: 'Extra levels bisecting the knee bracket (default 3).' }),
  stopAfterKnee: z.boolean().optional().meta({ description: 'Stop two levels past the knee (default true).' }),
  probe: z.boolean().optional().meta({ description: 'Start with a level-1 probe for unloaded latency (default true).' }),
});

const thinkSchema = z.union([duration, z.strictObject({ min: duration, max: duration })], {
  error: (iss: IssueInput) => (iss.input === undefined ? undefined : `expected a duration like "100ms" or { min, max }, got ${describeValue(iss.input)}`),
});

const loadSchema = z.strictObject({
  model: z.enum(['closed', 'open']).optional().meta({ description: 'closed (default): concurrency users back to back; open: rate arrivals/s.' }),
  think: thinkSchema.optional(),
  arrivals: z.enum(['constant', 'poisson']).optional(),
  seed: z.number().int().min(0).optional(),
  maxInFlight: positiveInt.optional(),
  stages: z.array(stageSchema).min(1).optional(),
  sweep: sweepSchema.optional(),
});

const sloSchema = z.strictObject({
  p50: duration.optional(),
  p90: duration.optional(),
  p95: duration.optional(),
  p99: duration.optional(),
  p999: duration.optional(),
  errorRate: percent.optional(),
  minThroughput: positive.optional().meta({ description: 'Minimum goodput, requests per second.' }),
});

/** One `slo:` entry: thresholds for all requests, or for one request name (`request:`). */
const sloEntrySchema = sloSchema.extend({
  request: z.string().min(1).optional().meta({ description: 'Scope these thresholds to one request name (an endpoint SLO).' }),
});

/** `slo:` is one entry or a list of entries (at most one per scope: all requests, or a request name). */
const sloSectionSchema = z.union([sloEntrySchema, z.array(sloEntrySchema).min(1)], {
  error: (iss: IssueInput) => (Array.isArray(iss.input) || typeof iss.input === 'object' ? undefined
    : `expected thresholds ({ p99: 300ms, ... }) or a list of them, got ${describeValue(iss.input)}`),
});

const stopSchema = z.strictObject({
  errorRate: percent,
  window: duration.optional(),
  minRequests: positiveInt.optional(),
});

const planSchema = z.strictObject({
  peakRate: positive.meta({ description: 'Expected peak arrival rate, req/s.' }),
  p99: duration.optional(),
  pwait: percent.optional(),
  maxUtilization: percent.optional(),
  spikeFactor: z.number().min(1).optional(),
});

const probeSchema = z.strictObject({
  prometheus: z.string().optional().meta({ description: 'Prometheus text endpoint; "demo" or "/metrics" = the target\'s /metrics.' }),
  postgres: z.string().optional().meta({ description: 'PostgreSQL URL to sample pg_stat_activity from.' }),
  every: duration.optional(),
  metrics: z.array(z.string().min(1)).min(1).optional(),
  name: z.string().min(1).optional(),
});

const versionSchema = z.literal(1, {
  error: (iss: IssueInput) => (iss.input === undefined ? undefined : `unsupported scenario version ${describeValue(iss.input)}; this capplan reads version 1`),
});

/** The scenario file as written. */
export const scenarioSchema = z
  .strictObject({
    version: versionSchema.optional(),
    name: z.string().min(1).optional().meta({ description: 'Used in report names (default: the file name).' }),
    target: targetSchema,
    requests: z.array(requestSchema).min(1),
    load: loadSchema,
    slo: sloSectionSchema.optional(),
    stop: stopSchema.optional(),
    plan: planSchema.optional(),
    probes: z.array(probeSchema).optional(),
  })
  .meta({ title: 'capplan scenario v1', description: 'A capplan load test scenario.' });

export type ScenarioInput = z.output<typeof scenarioSchema>;
export type RequestInput = ScenarioInput['requests'][number];
export type LoadInput = ScenarioInput['load'];
export type StageInput = NonNullable<LoadInput['stages']>[number];
export type SweepInput = NonNullable<LoadInput['sweep']>;
export type TargetInput = ScenarioInput['target'];
export type ProbeInput = NonNullable<ScenarioInput['probes']>[number];
export type SloEntryInput = z.output<typeof sloEntrySchema>;

/** The JSON Schema (draft 2020-12) of the scenario file, for editors and CI. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
