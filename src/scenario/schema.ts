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
const durationError = {
  error: (iss: IssueInput) => (iss.input === undefined ? undefined : describeBadDuration(iss.input)),
};
const percentError = {
  error: (iss: IssueInput) => (iss.input === undefined ? undefined : describeBadPercent(iss.input)),
};

const duration = z
  .string(durationError)
  .regex(DURATION_PATTERN, durationError)
  .meta({ description: 'A duration with a unit: 500ms, 30s, 2m, 1h, or compound like 1m30s.' });

const percent = z
  .union(
    [
      z
        .string(percentError)
        .regex(PERCENT_PATTERN, percentError)
        .refine((v) => parsePercent(v) !== undefined, percentError),
      z.number(percentError).min(0, percentError).max(1, percentError),
    ],
    percentError,
  )
  .meta({ description: 'A percentage like "1%" or a fraction 0..1 like 0.01.' });

const positiveInt = z.number().int().positive();
const positive = z.number().positive();
/** A described optional string that may not be empty (names, file paths). */
const optionalText = (description: string) => z.string().min(1).optional().meta({ description });

const headerValue = z.union([z.string(), z.number(), z.boolean()], {
  error: (iss: IssueInput) =>
    iss.input === undefined ? undefined : `expected a header value (text), got ${describeValue(iss.input)}`,
});
const headers = z.record(z.string(), headerValue).meta({ description: 'HTTP headers; values may use ${env.NAME}.' });

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const demoSchema = z.strictObject({
  pool: positiveInt.meta({ description: 'Connection pool size of the demo target.' }),
  hold: duration.meta({ description: 'Time each request holds a pool connection.' }),
  acquireTimeout: duration.optional().meta({ description: 'Fail with 503 after waiting this long for a connection.' }),
  failFast: z.boolean().optional().meta({ description: 'Fail with 503 at once when the pool is full.' }),
  backend: z.enum(['memory', 'postgres']).optional().meta({ description: 'memory (default) or a real PostgreSQL.' }),
  databaseUrl: z.string().optional().meta({
    description:
      'PostgreSQL URL for backend: postgres; default CAPPLAN_DATABASE_URL, else an embedded PostgreSQL for the run.',
  }),
});

const tlsSchema = z
  .strictObject({
    insecure: z.boolean().optional().meta({ description: 'Accept any certificate (self-signed test services only).' }),
    ca: optionalText('PEM file of the CA that signed the service certificate (relative to the scenario file).'),
    cert: optionalText('PEM client certificate for mutual TLS (with key).'),
    key: optionalText('PEM private key of the client certificate (with cert).'),
    servername: optionalText('Name the certificate must carry (SNI), when the URL uses an IP or another name.'),
  })
  .meta({ description: 'TLS options for https:// targets.' });

const captureSource = z.union(
  [
    z.string().min(1).meta({ description: 'A JSON path into the response body: $.token, $.items[0].id.' }),
    z.strictObject({ header: z.string().min(1).meta({ description: 'A response header name.' }) }),
    z.strictObject({
      regex: z
        .string()
        .min(1)
        .meta({ description: 'A regular expression; its first group (or the whole match) is the value.' }),
      from: z
        .enum(['body', 'headers'])
        .optional()
        .meta({ description: 'Search the body (default) or the headers as "name: value" lines.' }),
    }),
  ],
  { error: (iss: IssueInput) => (iss.input === undefined ? undefined : badCapture(iss.input)) },
);

function badCapture(input: unknown): string {
  const expected = 'a JSON path like "$.token", { header: name } or { regex: "...", from: body }';
  return `expected ${expected}, got ${describeValue(input)}`;
}

const captureSchema = z
  .record(z.string(), captureSource)
  .meta({ description: 'Variables taken from the response, used by later steps as {{vars.NAME}}.' });

const targetSchema = z.strictObject({
  url: z.string().optional().meta({ description: 'Origin of the service under test, http(s)://host[:port][/base].' }),
  demo: demoSchema.optional().meta({ description: 'Start the embedded demo target instead of using url.' }),
  timeout: duration.optional().meta({ description: 'Per-request timeout (default 10s).' }),
  headers: headers.optional(),
  tls: tlsSchema.optional(),
});

const statusCode = z.number().int().min(100).max(599);
const expectSchema = z.strictObject({
  status: z
    .union([statusCode, z.array(statusCode).min(1)])
    .optional()
    .meta({ description: 'Status codes that count as success (default 200-299).' }),
});

const requestSchema = z.strictObject({
  name: z.string().min(1).optional(),
  method: z.enum(METHODS).optional().meta({ description: 'HTTP method (default GET).' }),
  path: z.string().meta({ description: 'Path and query starting with "/"; templates {{seq}} {{uuid}} {{rand A B}}.' }),
  headers: headers.optional(),
  json: z.unknown().optional().meta({ description: 'A JSON body (sent with content-type: application/json).' }),
  body: z.string().optional().meta({ description: 'A text body.' }),
  weight: positive.optional().meta({ description: 'Relative weight in the mix (default 1).' }),
  expect: expectSchema.optional(),
});

const stageSchema = z.strictObject({
  duration,
  concurrency: positiveInt.optional().meta({ description: 'Closed model: virtual users held for the stage.' }),
  rate: positive.optional().meta({ description: 'Open model: arrivals per second held for the stage.' }),
  rampTo: positive.optional().meta({ description: 'Ramp linearly from the previous level to this one.' }),
  name: z.string().min(1).optional(),
});

const sweepSchema = z.strictObject({
  from: positive.optional().meta({ description: 'Lowest level (required; adaptive: the probe level, default 1).' }),
  to: positive
    .optional()
    .meta({ description: 'Highest level (required; adaptive: the most the search may run, default 256).' }),
  adaptive: z
    .boolean()
    .optional()
    .meta({
      description:
        'Pick the levels live: 1 s levels while throughput scales, then 2 s levels around the fitted knee ' +
        'until its 95 % interval is within precision (closed model; default false).',
    }),
  precision: percent
    .optional()
    .meta({ description: 'Adaptive: stop once the 95 % interval is within ± this of the knee (default 10%).' }),
  maxDuration: duration.optional().meta({ description: 'Adaptive: most load time, every level summed (default 30s).' }),
  spacing: z.enum(['geometric', 'linear']).optional(),
  factor: z.number().gt(1).optional().meta({ description: 'Geometric ratio between levels (default 2).' }),
  increment: positive.optional().meta({ description: 'Linear step between levels (default (to-from)/8 rounded up).' }),
  hold: duration.optional().meta({ description: 'Measured time per level (default 5s).' }),
  warmup: duration.optional().meta({ description: 'Discarded time at the start of each level (default 1s).' }),
  refine: z
    .number()
    .int()
    .min(0)
    .optional()
    .meta({ description: 'Extra levels bisecting the knee bracket (default 3).' }),
  stopAfterKnee: z.boolean().optional().meta({ description: 'Stop two levels past the knee (default true).' }),
  probe: z
    .boolean()
    .optional()
    .meta({ description: 'Start with a level-1 probe for unloaded latency (default true).' }),
});

const thinkSchema = z.union([duration, z.strictObject({ min: duration, max: duration })], {
  error: (iss: IssueInput) =>
    iss.input === undefined
      ? undefined
      : `expected a duration like "100ms" or { min, max }, got ${describeValue(iss.input)}`,
});

const stepSchema = z.strictObject({
  name: optionalText('The request name in results (default "METHOD path"); unique across flows.'),
  method: z.enum(METHODS).optional().meta({ description: 'HTTP method (default GET).' }),
  path: z
    .string()
    .meta({ description: 'Path and query starting with "/"; templates incl. {{vars.NAME}} {{data.COLUMN}}.' }),
  headers: headers.optional(),
  json: z.unknown().optional().meta({ description: 'A JSON body (sent with content-type: application/json).' }),
  body: z.string().optional().meta({ description: 'A text body.' }),
  expect: expectSchema.optional(),
  capture: captureSchema.optional(),
  think: thinkSchema.optional().meta({ description: 'Pause after this step before the next one.' }),
});

const flowSchema = z.strictObject({
  name: z.string().min(1).meta({ description: 'Flow name (unique).' }),
  weight: positive.optional().meta({ description: 'Relative weight among flows (default 1).' }),
  steps: z.array(stepSchema).min(1).meta({ description: 'Requests one virtual user sends in turn.' }),
});

const dataSchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .meta({ description: 'CSV with a header row, or JSON lines (.jsonl/.ndjson); relative to the scenario file.' }),
  order: z
    .enum(['sequential', 'random', 'unique'])
    .optional()
    .meta({
      description:
        'Row per iteration: sequential (default, wraps), random, ' +
        'or unique (each row once; the run stops when they run out).',
    }),
});

const loadSchema = z.strictObject({
  model: z
    .enum(['closed', 'open'])
    .optional()
    .meta({ description: 'closed (default): concurrency users back to back; open: rate arrivals/s.' }),
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
  request: optionalText('Scope these thresholds to one request name (an endpoint SLO).'),
});

/** `slo:` is one entry or a list of entries (at most one per scope: all requests, or a request name). */
const sloSectionSchema = z.union([sloEntrySchema, z.array(sloEntrySchema).min(1)], {
  error: (iss: IssueInput) =>
    Array.isArray(iss.input) || typeof iss.input === 'object'
      ? undefined
      : `expected thresholds ({ p99: 300ms, ... }) or a list of them, got ${describeValue(iss.input)}`,
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
  prometheus: z
    .string()
    .optional()
    .meta({ description: 'Prometheus text endpoint; "demo" or "/metrics" = the target\'s /metrics.' }),
  postgres: z.string().optional().meta({ description: 'PostgreSQL URL to sample pg_stat_activity from.' }),
  every: duration.optional(),
  metrics: z.array(z.string().min(1)).min(1).optional(),
  name: z.string().min(1).optional(),
});

const versionSchema = z.literal(1, {
  error: (iss: IssueInput) =>
    iss.input === undefined
      ? undefined
      : `unsupported scenario version ${describeValue(iss.input)}; this capplan reads version 1`,
});

/** The scenario file as written. */
export const scenarioSchema = z
  .strictObject({
    version: versionSchema.optional(),
    name: optionalText('Used in report names (default: the file name).'),
    target: targetSchema,
    requests: z
      .array(requestSchema)
      .min(1)
      .optional()
      .meta({ description: 'Independent requests in a weighted mix (or flows).' }),
    flows: z
      .array(flowSchema)
      .min(1)
      .optional()
      .meta({ description: 'Ordered steps per virtual user, with captures (or requests).' }),
    data: dataSchema.optional().meta({ description: 'A data file feeding {{data.COLUMN}}, one row per iteration.' }),
    load: loadSchema,
    slo: sloSectionSchema.optional(),
    stop: stopSchema.optional(),
    plan: planSchema.optional(),
    probes: z.array(probeSchema).optional(),
  })
  .meta({ title: 'capplan scenario v1', description: 'A capplan load test scenario.' });

export type ScenarioInput = z.output<typeof scenarioSchema>;
export type RequestInput = NonNullable<ScenarioInput['requests']>[number];
export type LoadInput = ScenarioInput['load'];
export type StageInput = NonNullable<LoadInput['stages']>[number];
export type SweepInput = NonNullable<LoadInput['sweep']>;
export type TargetInput = ScenarioInput['target'];
export type ProbeInput = NonNullable<ScenarioInput['probes']>[number];
export type FlowInput = NonNullable<ScenarioInput['flows']>[number];
export type StepInput = FlowInput['steps'][number];
export type CaptureInput = NonNullable<StepInput['capture']>[string];
export type DataInput = NonNullable<ScenarioInput['data']>;
export type TlsInput = NonNullable<TargetInput['tls']>;
export type ThinkInput = z.output<typeof thinkSchema>;
export type SloEntryInput = z.output<typeof sloEntrySchema>;

/** The JSON Schema (draft 2020-12) of the scenario file, for editors and CI. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  // "requests" or "flows", exactly one (the rules say the same with positions).
  const only = (key: string): Record<string, unknown> => ({ properties: { [key]: true }, required: [key] });
  return { ...schema, oneOf: [only('requests'), only('flows')] };
}
