import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { scenarioProblems } from './problems.js';

const HEAD = `target: { url: "http://127.0.0.1:3000" }
requests: [{ name: checkout, method: POST, path: /checkout }, { path: /catalogue }]
load: { stages: [{ duration: 10s, concurrency: 5 }] }
`;

function problems(slo: string): string[] {
  return scenarioProblems(`${HEAD}${slo}\n`, 'slo.yml');
}

describe('slo: entries scoped to a request name', () => {
  it('one entry is the all-requests SLO, as before', () => {
    const s = parseScenario(`${HEAD}slo: { p99: 300ms, errorRate: 1% }\n`, 'slo.yml', { env: {} });
    expect(s.slo).toEqual({ p99Ms: 300, errorRate: 0.01 });
    expect(s.requestSlos).toBeUndefined();
  });

  it('a list: the entry without request is for all requests, the others per request name (default names too)', () => {
    const s = parseScenario(
      `${HEAD}slo:\n  - { p99: 1s }\n  - { request: checkout, p99: 300ms, errorRate: ` +
        `2% }\n  - { request: "GET /catalogue", p50: 20ms, minThroughput: 5 }\n`,
      'slo.yml',
      { env: {} },
    );
    expect(s.slo).toEqual({ p99Ms: 1000 });
    expect(s.requestSlos).toEqual([
      { request: 'checkout', p99Ms: 300, errorRate: 0.02 },
      { request: 'GET /catalogue', p50Ms: 20, minThroughputPerSec: 5 },
    ]);
  });

  it('a list of endpoint SLOs only has no all-requests SLO', () => {
    const s = parseScenario(`${HEAD}slo: [{ request: checkout, p99: 300ms }]\n`, 'slo.yml', { env: {} });
    expect(s.slo).toBeUndefined();
    expect(s.requestSlos).toEqual([{ request: 'checkout', p99Ms: 300 }]);
  });

  it.each<[string, string, string[]]>([
    [
      'an unknown request name',
      'slo: [{ request: browse, p99: 1s }]',
      ['4:18: slo[0].request: no request is named "browse"; requests are "checkout", "GET /catalogue"'],
    ],
    [
      'a request twice',
      'slo: [{ request: checkout, p99: 1s }, { request: checkout, p50: 1s }]',
      ['4:39: slo[1]: a second entry for request "checkout"; put its thresholds in slo[0]'],
    ],
    [
      'two all-requests entries',
      'slo: [{ p99: 1s }, { p50: 1s }]',
      ['4:20: slo[1]: a second entry for all requests; put its thresholds in slo[0]'],
    ],
    [
      'decreasing percentiles in an endpoint entry',
      'slo: [{ request: checkout, p90: 500ms, p99: 200ms }]',
      ['4:45: slo[0].p99: 200ms is below p90 (500ms); higher percentiles cannot be faster'],
    ],
    [
      'a typo in a key',
      'slo: [{ requst: checkout, p99: 1s }]',
      ['4:9: slo[0]: unknown key "requst" (did you mean "request"?)'],
    ],
    ['not thresholds', 'slo: 3', ['4:6: slo: expected thresholds ({ p99: 300ms, ... }) or a list of them, got 3']],
  ])('%s: one line with line:col', (_what, slo, expected) => {
    expect(problems(slo)).toEqual(expected);
  });
});
