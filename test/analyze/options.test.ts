import { describe, expect, it } from 'vitest';
import { analyzeOptionsFor } from '../../src/analyze/index.js';
import { analyzeOptionsFromRecord } from '../../src/analyze/options.js';
import { parseScenario } from '../../src/scenario/parse.js';

describe('analyzeOptionsFromRecord (what analyze, plan and merge use from a stored scenario)', () => {
  it('takes numeric SLO and plan fields from the resolved scenario', () => {
    expect(
      analyzeOptionsFromRecord({
        slo: { p99Ms: 300, errorRate: 0.01, junk: 'x' },
        plan: { peakRate: 1200, p99Ms: 250, maxUtilization: 0.8, spikeFactor: 2 },
      }),
    ).toEqual({
      slo: { p99Ms: 300, errorRate: 0.01 },
      plan: { peakRate: 1200, p99Ms: 250, pwait: undefined, maxUtilization: 0.8, spikeFactor: 2 },
    });
  });

  it('leaves out what is missing or malformed', () => {
    expect(analyzeOptionsFromRecord(undefined)).toEqual({});
    expect(analyzeOptionsFromRecord({ slo: null, plan: { p99Ms: 3 } })).toEqual({});
    expect(analyzeOptionsFromRecord({ slo: { p99Ms: '300ms' } })).toEqual({ slo: {} });
  });

  it('gives the same options from the stored (JSON) scenario as `capplan run` takes from the Scenario', () => {
    const scenario = parseScenario(
      `version: 1
name: same
target:
  demo: { pool: 20, hold: 50ms, acquireTimeout: 150ms }
requests:
  - { name: q, path: / }
load:
  model: closed
  think: { min: 10ms, max: 20ms }
  sweep: { from: 1, to: 32 }
slo: { p99: 300ms, errorRate: 1% }
plan: { peakRate: 1200, p99: 250ms }
`,
      'same.yml',
      { env: {} },
    );
    const stored: unknown = JSON.parse(JSON.stringify(scenario));
    expect(analyzeOptionsFromRecord(stored)).toEqual(JSON.parse(JSON.stringify(analyzeOptionsFor(scenario))));
  });

  it("a flow step's think counts as think time (its users are not all in flight), in run and record", () => {
    const flows = (think: string): string => `version: 1
name: flows
target: { url: "http://127.0.0.1:3000" }
flows:
  - name: buyer
    steps:
      - { name: login, method: POST, path: /login, capture: { token: "$.token" } }
      - { name: pay, path: /pay, headers: { authorization: "Bearer {{vars.token}}" }${think} }
load:
  stages: [{ duration: 5s, concurrency: 10 }]
`;
    const withThink = parseScenario(flows(', think: 20ms'), 'flows.yml', { env: {} });
    const without = parseScenario(flows(''), 'flows.yml', { env: {} });
    expect(analyzeOptionsFor(withThink).thinkTime).toBe(true);
    expect(analyzeOptionsFor(without).thinkTime).toBe(false);
    expect(analyzeOptionsFromRecord(JSON.parse(JSON.stringify(withThink))).thinkTime).toBe(true);
    expect(analyzeOptionsFromRecord(JSON.parse(JSON.stringify(without))).thinkTime).toBe(false);
  });
});
