import { describe, expect, it } from 'vitest';
import { ScenarioError, UsageError } from '../../src/errors.js';
import { DEFAULT_EXPECT_STATUS } from '../../src/scenario/normalize.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { Scenario } from '../../src/scenario/types.js';

const MINIMAL = `target: { url: "http://127.0.0.1:3000/" }
requests: [{ path: /health }]
load: { stages: [{ duration: 10s, concurrency: 5 }] }
`;

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario: normalization and defaults', () => {
  it('fills every default of a minimal scenario', () => {
    const s = parseScenario(MINIMAL, 'dir/minimal.yml', { env: {} });
    expect(s).toEqual<Scenario>({
      version: 1,
      name: 'minimal',
      file: 'dir/minimal.yml',
      target: { url: 'http://127.0.0.1:3000', demo: undefined, timeoutMs: 10_000, headers: {} },
      requests: [
        {
          name: 'GET /health',
          method: 'GET',
          path: '/health',
          headers: {},
          body: undefined,
          weight: 1,
          expectStatus: DEFAULT_EXPECT_STATUS,
          templated: false,
        },
      ],
      load: {
        model: 'closed',
        think: { minMs: 0, maxMs: 0 },
        arrivals: 'constant',
        seed: 1,
        maxInFlight: 10_000,
        stages: [{ kind: 'hold', durationMs: 10_000, level: 5, name: undefined }],
        sweep: undefined,
      },
      slo: undefined,
      stop: undefined,
      plan: undefined,
      probes: [],
      secrets: [],
    });
    expect(DEFAULT_EXPECT_STATUS).toHaveLength(100);
    expect(DEFAULT_EXPECT_STATUS[0]).toBe(200);
    expect(DEFAULT_EXPECT_STATUS[99]).toBe(299);
  });

  it('converts units, serializes JSON bodies and fills section defaults', () => {
    const s = parseScenario(
      `version: 1
name: full
target:
  demo: { pool: 20, hold: 50ms, acquireTimeout: 1.5s, backend: postgres, databaseUrl: "postgres://u:p@h/db" }
  timeout: 2s
  headers: { X-Team: capacity, X-Count: 3 }
requests:
  - { name: buy, method: POST, path: "/buy?i={{seq}}", json: { sku: A-1, qty: 1 }, weight: 2, expect: { status: 201 } }
  - { name: ping, path: /ping, body: "hi", expect: { status: [200, 204, 200] } }
load:
  think: { min: 10ms, max: 1m }
  sweep: { from: 1, to: 64, spacing: linear, warmup: 0s }
slo: { p50: 20ms, p99: 1s, p999: 1.5s, errorRate: 0.5%, minThroughput: 100 }
stop: { errorRate: 0.5 }
plan: { peakRate: 1200, p99: 250ms, pwait: 5% }
probes:
  - { prometheus: demo }
  - { prometheus: "http://127.0.0.1:9090/metrics", every: 500ms, metrics: [db_pool_waiting] }
  - { postgres: "postgres://h/db", name: pg }
`,
      'full.yml',
      { env: {} },
    );
    expect(s.target).toEqual({
      url: undefined,
      demo: {
        pool: 20,
        holdMs: 50,
        acquireTimeoutMs: 1_500,
        failFast: false,
        backend: 'postgres',
        databaseUrl: 'postgres://u:p@h/db',
      },
      timeoutMs: 2_000,
      headers: { 'x-team': 'capacity', 'x-count': '3' },
    });
    expect(s.requests[0]).toEqual({
      name: 'buy',
      method: 'POST',
      path: '/buy?i={{seq}}',
      headers: { 'content-type': 'application/json' },
      body: '{"sku":"A-1","qty":1}',
      weight: 2,
      expectStatus: [201],
      templated: true,
    });
    expect(s.requests[1]).toMatchObject({ body: 'hi', headers: {}, expectStatus: [200, 204], templated: false });
    expect(s.load.think).toEqual({ minMs: 10, maxMs: 60_000 });
    expect(s.load.sweep).toEqual({
      from: 1,
      to: 64,
      spacing: 'linear',
      factor: undefined,
      increment: 8,
      holdMs: 5_000,
      warmupMs: 0,
      refine: 3,
      stopAfterKnee: true,
      probe: true,
    });
    expect(s.slo).toEqual({ p50Ms: 20, p99Ms: 1_000, p999Ms: 1_500, errorRate: 0.005, minThroughputPerSec: 100 });
    expect(s.stop).toEqual({ errorRate: 0.5, windowMs: 10_000, minRequests: 100 });
    expect(s.plan).toEqual({ peakRate: 1200, p99Ms: 250, pwait: 0.05, maxUtilization: 0.85, spikeFactor: 1 });
    expect(s.probes).toEqual([
      { kind: 'prometheus', name: 'prometheus-1', url: '/metrics', everyMs: 1_000, metrics: undefined },
      {
        kind: 'prometheus',
        name: 'prometheus-2',
        url: 'http://127.0.0.1:9090/metrics',
        everyMs: 500,
        metrics: ['db_pool_waiting'],
      },
      { kind: 'postgres', name: 'pg', url: 'postgres://h/db', everyMs: 1_000 },
    ]);
  });

  it('keeps demo-relative probe URLs for the probe runner to resolve', () => {
    const s = parseScenario(
      `target: { demo: { pool: 2, hold: 5ms, backend: postgres, databaseUrl: "postgres://h/db" } }
requests: [{ path: / }]
load: { stages: [{ duration: 1s, concurrency: 1 }] }
probes: [{ prometheus: /internal/metrics }, { postgres: demo, every: 2s }]
`,
      'x.yml',
      { env: {} },
    );
    expect(s.probes).toEqual([
      { kind: 'prometheus', name: 'prometheus-1', url: '/internal/metrics', everyMs: 1_000, metrics: undefined },
      { kind: 'postgres', name: 'postgres-1', url: 'demo', everyMs: 2_000 },
    ]);
  });

  it('keeps an explicit content-type for JSON bodies', () => {
    const s = parseScenario(
      MINIMAL.replace('{ path: /health }', '{ path: /, json: [1], headers: { Content-Type: application/vnd.x+json } }'),
      'x.yml',
      { env: {} },
    );
    expect(s.requests[0]?.headers).toEqual({ 'content-type': 'application/vnd.x+json' });
    expect(s.requests[0]?.body).toBe('[1]');
  });
});

describe('parseScenario: ${env.NAME}', () => {
  const withHeader = (value: string): string =>
    MINIMAL.replace('requests:', () => `  headers: { authorization: "${value}" }\nrequests:`).replace(
      'target: { url: "http://127.0.0.1:3000/" }',
      'target:\n  url: "http://127.0.0.1:3000/"',
    );

  it('interpolates and collects the values as secrets', () => {
    const s = parseScenario(withHeader('Bearer ${env.TOKEN}'), 'x.yml', { env: { TOKEN: 's3cr3t' } });
    expect(s.target.headers).toEqual({ authorization: 'Bearer s3cr3t' });
    expect(s.secrets).toEqual(['s3cr3t']);
  });

  it('uses the default when the variable is unset or empty, and a default is not a secret', () => {
    expect(parseScenario(withHeader('${env.TOKEN:-anon}'), 'x.yml', { env: {} }).target.headers).toEqual({
      authorization: 'anon',
    });
    const s = parseScenario(withHeader('${env.TOKEN:-anon}'), 'x.yml', { env: { TOKEN: '' } });
    expect(s.target.headers).toEqual({ authorization: 'anon' });
    expect(s.secrets).toEqual([]);
  });

  it('reads a plain whole-value interpolation as a YAML scalar (numbers stay numbers)', () => {
    const text = MINIMAL.replace(
      'load: { stages: [{ duration: 10s, concurrency: 5 }] }',
      'load:\n  stages:\n    - duration: 10s\n      concurrency: ${env.USERS:-7}',
    );
    const s = parseScenario(text, 'x.yml', { env: {} });
    expect(s.load.stages?.[0]).toMatchObject({ level: 7 });
  });

  it('names a missing variable at its string, and $${ is a literal', () => {
    expect(issuesOf(() => parseScenario(withHeader('Bearer ${env.NOPE}'), 'x.yml', { env: {} }))).toEqual([
      '3:29: target.headers.authorization: environment variable ' +
        'NOPE is not set (set it, or write ${env.NOPE:-default})',
    ]);
    expect(parseScenario(withHeader('$${env.NOPE}'), 'x.yml', { env: {} }).target.headers).toEqual({
      authorization: '${env.NOPE}',
    });
  });

  it('rejects other interpolations and unclosed ones', () => {
    expect(issuesOf(() => parseScenario(withHeader('${HOME}'), 'x.yml', { env: {} }))).toEqual([
      '3:29: target.headers.authorization: unknown interpolation "${HOME}": use ${env.NAME} or ${env.NAME:-default}',
    ]);
    expect(issuesOf(() => parseScenario(withHeader('${env.X'), 'x.yml', { env: {} }))).toEqual([
      '3:29: target.headers.authorization: unclosed "${" in "${env.X": expected "${env.NAME}"',
    ]);
  });
});

describe('parseScenario: --set', () => {
  it('overrides values before validation, reading them as YAML', () => {
    const s = parseScenario(MINIMAL, 'x.yml', {
      env: {},
      set: [
        'load.stages[0].concurrency=9',
        'name=renamed',
        'target.timeout=3s',
        'slo.p99=250ms',
        'requests.0.path=/other',
      ],
    });
    expect(s.load.stages?.[0]).toMatchObject({ level: 9 });
    expect(s.name).toBe('renamed');
    expect(s.target.timeoutMs).toBe(3_000);
    expect(s.slo).toEqual({ p99Ms: 250 });
    expect(s.requests[0]?.path).toBe('/other');
  });

  it.each([
    [
      'load.stages[0].concurency=9',
      '--set load.stages[0].concurency=9: load.stages[0] has no key "concurency" (did you mean "concurrency"?)',
    ],
    ['nope=1', '--set nope=1: a scenario has no key "nope"'],
    [
      'load.stages[3].concurrency=9',
      '--set load.stages[3].concurrency=9: load.stages has 1 item; index 3 is out of range',
    ],
    ['load', '--set load: expected path=value, e.g. --set load.sweep.to=64'],
    ['a b=1', '--set a b=1: expected path=value, e.g. --set load.sweep.to=64'],
  ])('refuses %j', (override, message) => {
    expect(() => parseScenario(MINIMAL, 'x.yml', { env: {}, set: [override] })).toThrow(new UsageError(message));
  });

  it('validates an overridden value like one in the file', () => {
    expect(
      issuesOf(() => parseScenario(MINIMAL, 'x.yml', { env: {}, set: ['load.stages[0].concurrency=many'] })),
    ).toEqual(['3:35: load.stages[0].concurrency: expected a number, got "many"']);
  });
});

describe('parseScenario: YAML edge cases', () => {
  it('resolves anchors and aliases', () => {
    const s = parseScenario(
      `target: { url: &origin "http://127.0.0.1:3000" }
requests: [{ path: /, headers: { x-origin: *origin } }]
load: { stages: [{ duration: 1s, concurrency: 1 }] }
`,
      'x.yml',
      { env: {} },
    );
    expect(s.requests[0]?.headers).toEqual({ 'x-origin': 'http://127.0.0.1:3000' });
  });

  it('reports a deeply nested document without crashing', () => {
    const depth = 5_000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const issues = issuesOf(() => parseScenario(text, 'deep.yml', { env: {} }));
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues.length).toBeLessThanOrEqual(11);
    for (const issue of issues) expect(issue).toMatch(/^\d+:\d+: YAML syntax error: /);
  });

  it('caps a cascade of syntax errors at ten lines plus a summary', () => {
    const text = `a:\n${Array.from({ length: 60 }, (_, i) => `${' '.repeat(i + 1)}- x:`).join('\n')}\n`;
    const issues = issuesOf(() => parseScenario(text, 'steps.yml', { env: {} }));
    expect(issues).toHaveLength(11);
    expect(issues[10]).toMatch(/^\d+:\d+: YAML syntax error: \d+ more from here on, not shown \(fix the first ones\)$/);
  });

  it('strips nothing from the caller: parsing twice gives the same result', () => {
    const a = parseScenario(MINIMAL, 'x.yml', { env: {} });
    const b = parseScenario(MINIMAL, 'x.yml', { env: {} });
    expect(a).toEqual(b);
  });
});
