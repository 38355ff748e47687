import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const INVALID = fileURLToPath(new URL('../fixtures/scenarios/invalid/', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const STACK = /\n\s+at /;

/** Runs `capplan validate` in-process; returns the exit code and the stderr problem lines. */
async function validate(
  files: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; lines: string[]; out: string; err: string }> {
  const io = fakeIo({ cwd, env });
  const code = await run(['validate', ...files], io);
  const lines = io
    .err()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('capplan: '));
  return { code, lines, out: io.out(), err: io.err() };
}

// Each malformed fixture and the exact lines `capplan validate` must print for it.
const CASES: readonly (readonly [string, readonly string[]])[] = [
  [
    'alias-bomb.yml',
    ['alias-bomb.yml:2:8: YAML aliases expand too much (over 100 alias nodes): refused as a "billion laughs" document'],
  ],
  [
    'bad-duration-bare-number.yml',
    [
      'bad-duration-bare-number.yml:5:11: target.demo.hold: ' +
        'expected a duration with a unit like "50ms" or "50s", got the bare number 50',
    ],
  ],
  [
    'bad-duration-unit.yml',
    [
      'bad-duration-unit.yml:4:12: target.timeout: ' +
        'expected a duration like "500ms", "30s", "2m" or "1m30s", got "5sec"',
      'bad-duration-unit.yml:8:34: load.sweep.hold: ' +
        'expected a duration like "500ms", "30s", "2m" or "1m30s", got "2 minutes"',
    ],
  ],
  [
    'bad-duration-word.yml',
    [
      'bad-duration-word.yml:8:19: load.stages[0].duration: ' +
        'expected a duration like "500ms", "30s", "2m" or "1m30s", got "thirty seconds"',
    ],
  ],
  [
    'bad-percent-number.yml',
    [
      'bad-percent-number.yml:9:31: slo.errorRate: expected a percentage ' +
        'like "1%" or a fraction 0..1 like 0.01, got 5 (did you mean "5%"?)',
    ],
  ],
  [
    'bad-percent-range.yml',
    [
      'bad-percent-range.yml:9:20: stop.errorRate: expected a percentage between 0% and 100%, got "150%"',
      'bad-percent-range.yml:10:31: plan.pwait: expected a percentage ' +
        'like "1%" or a fraction 0..1 like 0.01, got "five percent"',
    ],
  ],
  [
    'bad-probes.yml',
    [
      'bad-probes.yml:10:29: probes[0]: unknown key "evry" (did you mean "every"?)',
      'bad-probes.yml:11:5: probes[1]: needs exactly one of ' +
        '"prometheus" (a /metrics URL) or "postgres" (a database URL)',
      'bad-probes.yml:12:17: probes[2].postgres: expected postgres://... or "demo", got "mysql://localhost/db"',
      'bad-probes.yml:12:41: probes[2].metrics: only for prometheus probes',
    ],
  ],
  [
    'bad-template.yml',
    [
      'bad-template.yml:5:11: requests[0].path: unknown template "{{id}}"; ' +
        'use {{seq}}, {{uuid}}, {{rand A B}}, {{vars.NAME}} or {{data.COLUMN}}',
      'bad-template.yml:6:11: requests[1].path: {{rand A B}} needs A <= B, got "{{rand 10 1}}"',
      'bad-template.yml:8:16: requests[1].json.n: unclosed template "{{seq": expected "}}"',
    ],
  ],
  ['bad-url.yml', ['bad-url.yml:3:8: target.url: expected an http:// or https:// URL, got "ftp://files.example.com"']],
  ['binary.yml', ['binary.yml:2:1: looks like a binary file (NUL byte or invalid UTF-8), not a YAML scenario']],
  ['both-stages-and-sweep.yml', ['both-stages-and-sweep.yml:9:3: load: use either "stages" or "sweep", not both']],
  [
    'comments-only.yml',
    ['comments-only.yml:1:1: the file holds only comments; `capplan init` writes a starter scenario'],
  ],
  [
    'demo-postgres-fail-fast-and-timeout.yml',
    ['demo-postgres-fail-fast-and-timeout.yml:3:52: target.demo: "failFast" and "acquireTimeout" exclude each other'],
  ],
  ['empty.yml', ['empty.yml:1:1: the file is empty; `capplan init` writes a starter scenario']],
  [
    'many-problems.yml',
    [
      'many-problems.yml:2:1: unknown key "nme" (did you mean "name"?)',
      'many-problems.yml:5:12: target.timeout: ' +
        'expected a duration with a unit like "30ms" or "30s", got the bare number 30',
      'many-problems.yml:8:5: requests[0]: unknown key "methd" (did you mean "method"?)',
      'many-problems.yml:10:13: requests[1].weight: expected a number > 0, got -1',
      'many-problems.yml:12:10: load.model: expected one of "closed", "open", got "sideways"',
      'many-problems.yml:14:19: load.stages[0].duration: ' +
        'expected a duration like "500ms", "30s", "2m" or "1m30s", got "1 minute"',
      'many-problems.yml:15:13: slo.p99: expected a duration like "500ms", "30s", "2m" or "1m30s", got "fast"',
      'many-problems.yml:15:30: slo.errorRate: expected a percentage like ' +
        '"1%" or a fraction 0..1 like 0.01, got 2 (did you mean "2%"?)',
      'many-problems.yml:16:7: stop: missing required key "errorRate"',
    ],
  ],
  [
    'missing-env.yml',
    [
      'missing-env.yml:5:20: target.headers.authorization: environment variable ' +
        'CAPPLAN_TEST_UNSET_TOKEN is not set (set it, or write ${env.CAPPLAN_TEST_UNSET_TOKEN:-default})',
    ],
  ],
  ['missing-target.yml', ['missing-target.yml:1:1: missing required key "target"']],
  ['negative-level.yml', ['negative-level.yml:9:30: load.stages[0].rate: expected a number > 0, got -5']],
  [
    'neither-stages-nor-sweep.yml',
    ['neither-stages-nor-sweep.yml:6:1: load: needs "stages" (a traffic shape) or "sweep" (a capacity sweep)'],
  ],
  ['not-a-map.yml', ['not-a-map.yml:1:1: expected a map, got a list']],
  [
    'path-without-slash.yml',
    [
      'path-without-slash.yml:5:11: requests[0].path: must start with "/", got "items/1"',
      'path-without-slash.yml:7:5: requests[0]: use either "json" or "body", not both',
    ],
  ],
  [
    'ramp-first.yml',
    [
      'ramp-first.yml:8:24: load.stages[0].rampTo: a ramp needs a previous ' +
        'level to start from; begin with { duration: 10s, concurrency: 1 }',
    ],
  ],
  [
    'status-out-of-range.yml',
    [
      'status-out-of-range.yml:6:29: requests[0].expect.status[1]: expected a number <= 599, got 600',
      'status-out-of-range.yml:7:13: requests[0].weight: expected a number > 0, got 0',
    ],
  ],
  [
    'sweep-from-above-to.yml',
    [
      'sweep-from-above-to.yml:7:26: load.sweep: "from" (64) must not be above "to" (8)',
      'sweep-from-above-to.yml:7:46: load.sweep.factor: only with spacing: geometric (linear sweeps use "increment")',
    ],
  ],
  ['target-url-and-demo.yml', ['target-url-and-demo.yml:4:3: target: use either "url" or "demo", not both']],
  [
    'think-in-open.yml',
    ['think-in-open.yml:8:3: load.think: only in the closed model (open-model arrivals do not wait for responses)'],
  ],
  ['unknown-alias.yml', ['unknown-alias.yml:3:8: YAML alias "*origin" has no anchor "&origin" before it']],
  ['unknown-key-no-suggestion.yml', ['unknown-key-no-suggestion.yml:2:1: unknown key "colour"']],
  [
    'unknown-key-typo.yml',
    [
      'unknown-key-typo.yml:1:1: missing required key "target"',
      'unknown-key-typo.yml:2:1: unknown key "taget" (did you mean "target"?)',
      'unknown-key-typo.yml:8:24: load.stages[0]: unknown key "concurency" (did you mean "concurrency"?)',
    ],
  ],
  ['version-2.yml', ['version-2.yml:1:10: version: unsupported scenario version 2; this capplan reads version 1']],
  [
    'wrong-model-key.yml',
    [
      'wrong-model-key.yml:8:3: load.maxInFlight: only in the open model (add model: open)',
      'wrong-model-key.yml:10:24: load.stages[0].rate: ' +
        '"rate" belongs to the open model; with model: closed use "concurrency"',
    ],
  ],
  ['wrong-type-pool.yml', ['wrong-type-pool.yml:3:17: target.demo.pool: expected a number, got "twenty"']],
  ['wrong-type-requests.yml', ['wrong-type-requests.yml:5:3: requests: expected a list, got a map']],
  [
    'yaml-bad-indent.yml',
    ['yaml-bad-indent.yml:3:8: YAML syntax error: nested mappings are not allowed in compact mappings'],
  ],
  ['yaml-duplicate-key.yml', ['yaml-duplicate-key.yml:9:1: YAML syntax error: map keys must be unique']],
  ['yaml-tab-indent.yml', ['yaml-tab-indent.yml:3:1: YAML syntax error: tabs are not allowed as indentation']],
  [
    'yaml-unclosed-flow.yml',
    [
      'yaml-unclosed-flow.yml:3:1: YAML syntax error: ' +
        'flow map in block collection must be sufficiently indented and end with a }',
    ],
  ],
  ['yaml-unclosed-quote.yml', ['yaml-unclosed-quote.yml:4:1: YAML syntax error: missing closing "quote']],
  ['zero-level.yml', ['zero-level.yml:8:37: load.stages[0].concurrency: expected a number > 0, got 0']],
];

describe('capplan validate: malformed scenarios', () => {
  it('has at least 30 malformed fixtures', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('%s', async (file, expected) => {
    const result = await validate([file], INVALID);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.lines).toEqual(expected);
    expect(result.err).not.toMatch(STACK);
    expect(result.out).toBe('');
  });

  it('refuses a 20 MB file without reading it as YAML', async () => {
    const dir = tmpdir();
    writeFileSync(join(dir, 'huge.yml'), Buffer.alloc(20 * 1024 * 1024, 'a: 1\n'));
    const result = await validate(['huge.yml'], dir);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.lines).toEqual(['huge.yml:1:1: the file is 20.0 MiB; scenario files are limited to 1 MiB']);
  });

  it('reports a file that does not exist', async () => {
    const result = await validate(['no-such-scenario.yml'], INVALID);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.lines).toEqual(['no-such-scenario.yml:1:1: no such file']);
  });

  it('reports a directory', async () => {
    const dir = tmpdir();
    mkdirSync(join(dir, 'scenarios.yml'));
    const result = await validate(['scenarios.yml'], dir);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.lines).toEqual(['scenarios.yml:1:1: is a directory, not a scenario file']);
  });

  it('points at the first invalid UTF-8 byte', async () => {
    const dir = tmpdir({ 'latin1.yml': Buffer.from('name: ok\ntarget:\n  url: caf\xe9\n', 'latin1') });
    const result = await validate(['latin1.yml'], dir);
    expect(result.lines).toEqual([
      'latin1.yml:3:11: looks like a binary file (NUL byte or invalid UTF-8), not a YAML scenario',
    ]);
  });

  it('reports every problem of every file, and ok lines for the valid ones', async () => {
    const dir = tmpdir({
      'good.yml':
        'target: { url: "http://127.0.0.1:3000" }\nrequests: [{ path: ' +
        '/ }]\nload: { stages: [{ duration: 10s, concurrency: 2 }] }\n',
      'bad.yml':
        'target: { url: "http://127.0.0.1:3000", timout: 2s }\nrequests: ' +
        '[{ path: / }]\nload: { stages: [{ duration: 10, concurrency: 2 }] }\n',
    });
    const io = fakeIo({ cwd: dir });
    const code = await run(['validate', 'good.yml', 'bad.yml', 'missing.yml'], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.out()).toBe('good.yml: ok (1 request, 1 stage, total 10s)\n');
    expect(io.err()).toBe(
      [
        'bad.yml:1:41: target: unknown key "timout" (did you mean "timeout"?)',
        'bad.yml:3:30: load.stages[0].duration: expected a duration ' +
          'with a unit like "10ms" or "10s", got the bare number 10',
        'missing.yml:1:1: no such file',
        'capplan: 2 of 3 scenarios are invalid (3 problems)',
        '',
      ].join('\n'),
    );
  });

  it('counts lines the same with CRLF line ends and ignores a UTF-8 byte order mark', async () => {
    const body =
      'target:\n  url: "http://127.0.0.1:3000"\n  timout: 2s\nrequests: ' +
      '[{ path: / }]\nload: { stages: [{ duration: 10s, concurrency: 2 }] }\n';
    const dir = tmpdir({ 'crlf.yml': body.replaceAll('\n', '\r\n'), 'bom.yml': `\ufeff${body}` });
    const result = await validate(['crlf.yml', 'bom.yml'], dir);
    expect(result.lines).toEqual([
      'crlf.yml:3:3: target: unknown key "timout" (did you mean "timeout"?)',
      'bom.yml:3:3: target: unknown key "timout" (did you mean "timeout"?)',
    ]);
  });

  it('reads ${env.NAME} from the environment it is given', async () => {
    const result = await validate(['missing-env.yml'], INVALID, { CAPPLAN_TEST_UNSET_TOKEN: 'abc' });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toBe('missing-env.yml: ok (1 request, 1 stage, total 10s)\n');
  });
});

describe('capplan validate: the bundled scenarios', () => {
  it('accepts every file in scenarios/ with a summary line each', async () => {
    const files = ['capacity.yml', 'checkout-flow.yml', 'open-ramp.yml', 'postgres.yml', 'soak.yml', 'spike.yml'];
    const result = await validate(files, SCENARIOS);
    expect(result.err).toBe('');
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out.split('\n').filter((l) => l !== '')).toEqual([
      'capacity.yml: ok (1 request, sweep of 7 levels, total 28s)',
      'checkout-flow.yml: ok (2 flows of 4 steps, 200 data rows, 4 stages, total 45s)',
      'open-ramp.yml: ok (1 request, 4 stages, total 50s)',
      'postgres.yml: ok (1 request, sweep of 6 levels, total 24s)',
      'soak.yml: ok (2 requests, 3 stages, total 10m30s)',
      'spike.yml: ok (2 requests, 4 stages, total 45s)',
    ]);
  });
});
