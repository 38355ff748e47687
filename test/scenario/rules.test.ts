import { describe, expect, it } from 'vitest';
import { scenarioProblems } from './problems.js';

const BASE = {
  target: 'target: { url: "http://127.0.0.1:3000" }',
  requests: 'requests: [{ path: / }]',
  load: 'load: { stages: [{ duration: 10s, concurrency: 5 }] }',
};

/** Replaces sections of a minimal valid scenario and returns "line:col: message" for each problem. */
function problems(sections: Partial<Record<keyof typeof BASE, string>> & { extra?: string }): string[] {
  const text = [
    sections.target ?? BASE.target,
    sections.requests ?? BASE.requests,
    sections.load ?? BASE.load,
    sections.extra ?? '',
  ].join('\n');
  return scenarioProblems(text, 'rules.yml');
}

describe('semantic rules', () => {
  it('the base scenario is valid', () => {
    expect(problems({})).toEqual([]);
  });

  it.each<[string, Parameters<typeof problems>[0], string[]]>([
    [
      'a stage with two levels',
      { load: 'load: { stages: [{ duration: 10s, concurrency: 5, rampTo: 9 }] }' },
      ['3:51: load.stages[0]: use only one of "concurrency", "rampTo"'],
    ],
    [
      'a stage without a level',
      { load: 'load: { stages: [{ duration: 10s }] }' },
      ['3:18: load.stages[0]: needs "concurrency" (hold a level) or "rampTo" (ramp to a level)'],
    ],
    [
      'concurrency in the open model',
      { load: 'load: { model: open, stages: [{ duration: 10s, concurrency: 5 }] }' },
      ['3:48: load.stages[0].concurrency: "concurrency" belongs to the closed model; with model: open use "rate"'],
    ],
    [
      'a fractional ramp target in the closed model',
      { load: 'load: { stages: [{ duration: 1s, concurrency: 1 }, { duration: 1s, rampTo: 2.5 }] }' },
      ['3:76: load.stages[1].rampTo: concurrency must be a whole number, got 2.5'],
    ],
    [
      'a fractional closed sweep',
      { load: 'load: { sweep: { from: 1.5, to: 8 } }' },
      ['3:24: load.sweep.from: concurrency must be a whole number, got 1.5'],
    ],
    [
      'a zero-length stage',
      { load: 'load: { stages: [{ duration: 0s, concurrency: 5 }] }' },
      ['3:30: load.stages[0].duration: must be longer than 0, got "0s"'],
    ],
    [
      'a zero sweep hold',
      { load: 'load: { sweep: { from: 1, to: 8, hold: 0ms } }' },
      ['3:40: load.sweep.hold: must be longer than 0, got "0ms"'],
    ],
    [
      'increment with geometric spacing',
      { load: 'load: { sweep: { from: 1, to: 8, increment: 2 } }' },
      ['3:34: load.sweep.increment: only with spacing: linear (geometric sweeps use "factor")'],
    ],
    [
      'a sweep with thousands of levels',
      { load: 'load: { sweep: { from: 1, to: 1000, factor: 1.001 } }' },
      ['3:9: load.sweep: 6913 levels is too many (at most 100); raise "factor"'],
    ],
    [
      'a linear sweep with too fine an increment',
      { load: 'load: { sweep: { from: 1, to: 1000, spacing: linear, increment: 1 } }' },
      ['3:9: load.sweep: 1000 levels is too many (at most 100); raise "increment"'],
    ],
    [
      'a fixed sweep without from',
      { load: 'load: { sweep: { to: 8 } }' },
      ['3:9: load.sweep.from: required (or adaptive: true to search from 1)'],
    ],
    [
      'adaptive keys on a fixed sweep',
      { load: 'load: { sweep: { from: 1, to: 8, precision: 5% } }' },
      ['3:34: load.sweep.precision: only with adaptive: true'],
    ],
    [
      'an adaptive search with fixed-sweep keys',
      { load: 'load: { sweep: { adaptive: true, hold: 3s, refine: 2 } }' },
      [
        '3:34: load.sweep.hold: not with adaptive: true (the search picks its levels and holds)',
        '3:44: load.sweep.refine: not with adaptive: true (the search picks its levels and holds)',
      ],
    ],
    [
      'an adaptive search in the open model',
      { load: 'load: { model: open, sweep: { adaptive: true } }' },
      [
        '3:41: load.sweep.adaptive: the closed model only ' +
          '(for an open model, an open ramp gives the knee: docs/ramps-and-adaptive.md)',
      ],
    ],
    [
      'an adaptive precision of 0 and a too short maxDuration',
      { load: 'load: { sweep: { adaptive: true, precision: 0, maxDuration: 2s } }' },
      [
        '3:45: load.sweep.precision: must be above 0% and below 100%, got 0',
        '3:61: load.sweep.maxDuration: at least 3s (a probe and a level), got "2s"',
      ],
    ],
    [
      'think min above max',
      { load: 'load: { think: { min: 2s, max: 1s }, stages: [{ duration: 1s, concurrency: 1 }] }' },
      ['3:32: load.think: "min" (2s) must not be above "max" (1s)'],
    ],
    [
      'open-model options in the closed model',
      { load: 'load: { arrivals: poisson, seed: 3, stages: [{ duration: 1s, concurrency: 1 }] }' },
      [
        '3:9: load.arrivals: only in the open model (add model: open)',
        '3:28: load.seed: only in the open model (add model: open)',
      ],
    ],
    [
      'a target URL without a host',
      { target: 'target: { url: "http://" }' },
      ['1:16: target.url: expected an http(s) URL like "http://127.0.0.1:3000", got "http://"'],
    ],
    [
      'a target URL with a query',
      { target: 'target: { url: "http://h.example:1/?a=1" }' },
      ['1:16: target.url: put the query in the request path, not in the target URL: "http://h.example:1/?a=1"'],
    ],
    [
      'neither url nor demo',
      { target: 'target: { timeout: 1s }' },
      ['1:1: target: needs "url" (your service) or "demo" (the embedded demo target)'],
    ],
    [
      'a zero timeout',
      { target: 'target: { url: "http://h.example", timeout: 0s }' },
      ['1:45: target.timeout: must be longer than 0, got "0s"'],
    ],
    [
      'a databaseUrl with the memory backend',
      { target: 'target: { demo: { pool: 1, hold: 1ms, databaseUrl: "postgres://h/db" } }' },
      ['1:39: target.demo.databaseUrl: only with backend: postgres'],
    ],
    [
      'an invalid header name',
      { target: 'target: { url: "http://h.example", headers: { "bad header": x } }' },
      ['1:47: target.headers: invalid header name "bad header"'],
    ],
    [
      'duplicate request names',
      { requests: 'requests: [{ name: a, path: /x }, { name: a, path: /y }]' },
      ['2:43: requests[1].name: "a" is already used'],
    ],
    [
      'an unclosed placeholder in a JSON value',
      { requests: 'requests: [{ path: /, method: POST, json: { a: "{{", b: "seq}}" } }]' },
      ['2:48: requests[0].json.a: unclosed template "{{": expected "}}"'],
    ],
    // Fine as a YAML string, but JSON escapes the newline, so the body would not render.
    [
      'a placeholder that breaks once serialized',
      { requests: 'requests: [{ path: /, method: POST, json: { a: "{{seq\\n}}" } }]' },
      [
        '2:43: requests[0].json: unknown template "{{seq\\n}}"; use {{seq}}, {{uuid}}, ' +
          '{{rand A B}}, {{vars.NAME}} or {{data.COLUMN}} (in the serialized JSON body)',
      ],
    ],
    [
      'SLO percentiles that decrease',
      { extra: 'slo: { p90: 500ms, p99: 200ms }' },
      ['4:25: slo.p99: 200ms is below p90 (500ms); higher percentiles cannot be faster'],
    ],
    [
      'a stop threshold of 0%',
      { extra: 'stop: { errorRate: 0% }' },
      ['4:20: stop.errorRate: must be above 0% (0% would stop at the first error)'],
    ],
    [
      'a zero utilization cap',
      { extra: 'plan: { peakRate: 10, maxUtilization: 0 }' },
      ['4:39: plan.maxUtilization: must be above 0%'],
    ],
    [
      'a probe with a non-http URL',
      { extra: 'probes: [{ prometheus: "ftp://h/metrics" }]' },
      [
        '4:24: probes[0].prometheus: expected an http:// or https:// URL, ' +
          'got "ftp://h/metrics" (or "demo" / a path like "/metrics" on the demo target)',
      ],
    ],
    [
      'a probe sampling every 0s',
      { extra: 'probes: [{ prometheus: "http://h.example/m", every: 0s }]' },
      ['4:53: probes[0].every: must be longer than 0, got "0s"'],
    ],
    [
      'a demo-relative probe without a demo target',
      { extra: 'probes: [{ prometheus: /metrics }, { prometheus: demo }]' },
      [
        '4:24: probes[0].prometheus: "/metrics" means the demo target\'s endpoint, ' +
          'but target has no "demo"; write the full URL',
        '4:50: probes[1].prometheus: "demo" means the demo target\'s endpoint, ' +
          'but target has no "demo"; write the full URL',
      ],
    ],
    [
      'postgres: demo without a postgres demo target',
      { target: 'target: { demo: { pool: 1, hold: 1ms } }', extra: 'probes: [{ postgres: demo }]' },
      ['4:22: probes[0].postgres: "demo" means the demo target\'s database, but target.demo has no backend: postgres'],
    ],
  ])('%s', (_name, sections, expected) => {
    expect(problems(sections)).toEqual(expected);
  });

  it('reports rule problems of valid list items even when another item fails the schema', () => {
    expect(problems({ requests: 'requests: [{ path: x }, { path: /y, weight: nope }]' })).toEqual([
      '2:20: requests[0].path: must start with "/", got "x"',
      '2:45: requests[1].weight: expected a number, got "nope"',
    ]);
  });
});
