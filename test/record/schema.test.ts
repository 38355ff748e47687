import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { formatPath, parseRunRecord, recordJsonSchema } from '../../src/record/schema.js';
import type { RunRecord } from '../../src/record/types.js';
import { buildRecord } from '../scale/records.js';

function sampleRecord(): RunRecord {
  const record = buildRecord({
    windows: [
      { phaseIndex: 0, stage: 'probe', level: 1, latenciesUs: [900, 1000, 1100] },
      { phaseIndex: 1, stage: 'c=8', level: 8, warmup: true, latenciesUs: [2000, 2100] },
      { phaseIndex: 1, stage: 'c=8', level: 8, latenciesUs: [2000, 2500, 3000], errors: 2 },
    ],
    shard: { index: 1, count: 3 },
  });
  record.windows[0]!.generator.heapUsedMb = 41.5;
  record.windows[2]!.drain = true;
  record.analysis.excludedSteps = [];
  record.probes = [
    { name: 'prom', kind: 'prometheus', series: [{ tMs: 0, values: { db_pool_in_use: 3 } }], warnings: [] },
  ];
  record.analysis = {
    ...record.analysis,
    verdict: 'pool-exhaustion',
    shape: 'plateau',
    reason: 'throughput-plateau',
    knee: { concurrency: 8, ci95: [7, 9], bracket: [4, 8], censored: null },
    maxThroughputPerSec: { value: 1600, ci95: [1550, 1650], censored: false },
    signals: [{ kind: 'throughput-plateau', at: 8, detail: 'goodput flat from c=8' }],
    plan: {
      feasible: true,
      reason: null,
      poolSize: 12,
      utilization: 0.7,
      pWait: 0.05,
      meanWaitMs: 1,
      p99Ms: 80,
      headroom: 0.2,
      absorbableSpikeSec: null,
      inputs: { peakRate: 1200, note: 'x', none: null },
      notes: [],
    },
  };
  return record;
}

/** The message parseRunRecord throws for `json`, checked to be one line. */
function problem(json: unknown, source = 'run.json'): string {
  try {
    parseRunRecord(json, source);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected parseRunRecord to throw');
}

const roundTrip = (record: RunRecord): unknown => JSON.parse(JSON.stringify(record)) as unknown;

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at a JSON path inside parsed JSON. */
function setAt(json: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = json as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
}

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(recordJsonSchema());

describe('parseRunRecord', () => {
  it('accepts a record built by the test builder, after a JSON round trip, unchanged', () => {
    const record = sampleRecord();
    expect(parseRunRecord(roundTrip(record), 'run.json')).toEqual(record);
  });

  it('keeps unknown (future additive) fields at every level', () => {
    const json = roundTrip(sampleRecord()) as Record<string, unknown> & { windows: Record<string, unknown>[] };
    json['futureField'] = { a: 1 };
    json.windows[0]!['cpuMs'] = 12;
    const parsed = parseRunRecord(json, 'run.json') as unknown as Record<string, unknown> & {
      windows: Record<string, unknown>[];
    };
    expect(parsed['futureField']).toEqual({ a: 1 });
    expect(parsed.windows[0]!['cpuMs']).toBe(12);
  });

  it.each([
    [
      'a window histogram of the wrong type',
      ['windows', 2, 'hdr'],
      42,
      'windows[2].hdr: Invalid input: expected string, received number',
    ],
    [
      'a missing step field',
      ['steps', 1, 'goodputPerSec'],
      DELETE,
      'steps[1].goodputPerSec: Invalid input: expected number, received undefined',
    ],
    ['a negative count', ['windows', 0, 'ok'], -1, 'windows[0].ok: Too small: expected number to be >=0'],
    ['a fractional count', ['steps', 0, 'sent'], 2.5, 'steps[0].sent: Invalid input: expected int, received number'],
    [
      'an unknown status',
      ['status'],
      'done',
      'status: Invalid option: expected one of "completed"|"interrupted"|"aborted"',
    ],
    [
      'a bad knee bracket',
      ['analysis', 'knee', 'bracket'],
      [4],
      'analysis.knee.bracket: Too small: expected array to have >=2 items',
    ],
    ['an analysis verdict outside the set', ['analysis', 'verdict'], 'fine', 'analysis.verdict: Invalid option'],
    [
      'a shard without a count',
      ['environment', 'shard', 'count'],
      DELETE,
      'environment.shard.count: Invalid input: expected number, received undefined',
    ],
    [
      'an optional field present as null',
      ['abortReason'],
      null,
      'abortReason: Invalid input: expected string, received null',
    ],
    [
      'a probe value that is not a number',
      ['probes', 0, 'series', 0, 'values', 'db_pool_in_use'],
      '3',
      'probes[0].series[0].values.db_pool_in_use: Invalid input: expected number, received string',
    ],
  ] as const)('rejects %s, naming the path', (_name, path, value, expected) => {
    const json = roundTrip(sampleRecord());
    setAt(json, path, value);
    const message = problem(json);
    expect(message).toMatch(/^run\.json is not a valid capplan\.run\/v1 record: /);
    expect(message).toContain(expected);
  });
  it('reads back non-finite analysis statistics (JSON writes them as null) as NaN', () => {
    const record = sampleRecord();
    record.analysis.hinge = { a: 1, b: 2, tau: 8, aicc: Number.NEGATIVE_INFINITY };
    const json = roundTrip(record);
    expect((json as { analysis: { hinge: { aicc: unknown } } }).analysis.hinge.aicc).toBeNull();
    expect(parseRunRecord(json, 'run.json').analysis.hinge?.aicc).toBeNaN();
    expect(validate(json)).toBe(true);
  });

  it('measurements stay strict: a null window latency is refused', () => {
    const json = roundTrip(sampleRecord());
    setAt(json, ['windows', 1, 'latencyMs', 'p99'], null);
    expect(problem(json)).toContain('windows[1].latencyMs.p99: Invalid input: expected number, received null');
  });

  it('names the first three problems and counts the rest', () => {
    const json = roundTrip(sampleRecord());
    for (const [key, value] of [
      ['durationMs', 'long'],
      ['warnings', 'none'],
      ['model', 'half-open'],
      ['startedAt', 5],
      ['endedAt', 6],
    ] as const) {
      setAt(json, [key], value);
    }
    const message = problem(json, 'reports/x/run.json');
    expect(message.startsWith('reports/x/run.json is not a valid capplan.run/v1 record: ')).toBe(true);
    expect(message.split('; ')).toHaveLength(4);
    expect(message).toMatch(/; and 2 more$/);
  });

  it('refuses another schema version with the versions named', () => {
    const json = { ...(roundTrip(sampleRecord()) as object), schema: 'capplan.run/v2' };
    expect(problem(json)).toBe('run.json was written by capplan.run/v2; this capplan reads capplan.run/v1');
  });

  it.each([
    [[1, 2], 'run.json is not a capplan run record: expected a JSON object'],
    ['text', 'run.json is not a capplan run record: expected a JSON object'],
    [null, 'run.json is not a capplan run record: expected a JSON object'],
    [{ name: 'x' }, 'run.json is not a capplan run record: it has no "schema" field'],
  ])('refuses %j', (json, expected) => {
    expect(problem(json)).toBe(expected);
  });
});

describe('formatPath', () => {
  it.each([
    [[], '(root)'],
    [['windows', 3, 'hdr'], 'windows[3].hdr'],
    [['analysis', 'knee', 'ci95', 0], 'analysis.knee.ci95[0]'],
  ])('%j -> %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('recordJsonSchema', () => {
  it('is draft 2020-12 and compiles with ajv 2020', () => {
    expect(recordJsonSchema()['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('validates a record', () => {
    expect(validate(roundTrip(sampleRecord()))).toBe(true);
  });

  it('rejects the same mutations as zod', () => {
    const json = roundTrip(sampleRecord());
    setAt(json, ['windows', 2, 'hdr'], 42);
    expect(validate(json)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/windows/2/hdr');
    const other = roundTrip(sampleRecord());
    setAt(other, ['analysis'], DELETE);
    expect(validate(other)).toBe(false);
  });

  it('allows unknown additive fields', () => {
    const json = { ...(roundTrip(sampleRecord()) as object), futureField: true };
    expect(validate(json)).toBe(true);
  });
});
