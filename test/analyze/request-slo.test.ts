import { describe, expect, it } from 'vitest';
import { analyzeOptionsFromRecord } from '../../src/analyze/options.js';
import { evaluateAllSlos, requestView } from '../../src/analyze/request-slo.js';
import { judgeSlos } from '../../src/gate/slo.js';
import type { GateSample } from '../../src/gate/types.js';
import { buildRecord, requestsWindow, type WindowSpec } from '../scale/records.js';

const ms = (n: number, value: number): number[] => Array.from({ length: n }, () => value * 1000);

/** Two stages: at 10 users both endpoints are fast; at 50 checkout is slow and fails, catalogue is not. */
function record() {
  const windows: WindowSpec[] = [];
  for (const [phaseIndex, stage, level] of [
    [0, 'baseline', 10],
    [1, 'spike', 50],
  ] as const) {
    for (let w = 0; w < 3; w++) {
      const spike = phaseIndex === 1;
      const byRequest = {
        checkout: { latenciesUs: ms(50, spike ? 400 : 60), errors: spike ? 10 : 0 },
        catalogue: { latenciesUs: ms(100, 20) },
      };
      windows.push(requestsWindow({ phaseIndex, stage, level, byRequest }));
    }
  }
  return buildRecord({ windows });
}

describe('endpoint SLOs', () => {
  const r = record();

  it('a step seen by one request name: its counters, rates and histogram', () => {
    const view = requestView(r.steps[1]!, 'checkout');
    expect(view).toMatchObject({ ok: 150, errorCount: 30, dropped: 0 });
    expect(view.errorRate).toBeCloseTo(30 / 180, 10);
    expect(view.goodputPerSec).toBeCloseTo(50, 10);
    expect(view.latencyMs.p99).toBeCloseTo(400, 0);
    expect(requestView(r.steps[1]!, 'nothing')).toMatchObject({ ok: 0, errorCount: 0, hdr: '' });
  });

  it('judges each request on its own numbers, per step and overall, with request on every result', () => {
    const { results, capacityAtSlo } = evaluateAllSlos(
      r.steps,
      { p99Ms: 1000 },
      [
        { request: 'checkout', p99Ms: 300, errorRate: 0.01 },
        { request: 'catalogue', p99Ms: 50 },
      ],
      new Set(),
    );
    const one = (request: string | undefined, metric: string, scope: string) =>
      results.find((x) => x.request === request && x.metric === metric && x.scope === scope);
    expect(one(undefined, 'p99', 'spike')).toMatchObject({ pass: true });
    expect(one('checkout', 'p99', 'baseline')).toMatchObject({ pass: true, unit: 'ms' });
    expect(one('checkout', 'p99', 'spike')).toMatchObject({ pass: false });
    expect(one('checkout', 'errorRate', 'overall')?.actual).toBeCloseTo(30 / 330, 10);
    expect(one('checkout', 'p99', 'overall')).toMatchObject({ pass: false });
    expect(one('catalogue', 'p99', 'spike')).toMatchObject({ pass: true });
    expect(one('catalogue', 'p99', 'overall')).toMatchObject({ pass: true });
    expect(results.filter((x) => x.request === 'catalogue')).toHaveLength(3);
    // the all-requests SLO alone passes at 50; checkout's only at 10
    expect(capacityAtSlo).toBe(10);
    expect(evaluateAllSlos(r.steps, { p99Ms: 1000 }, [], new Set()).capacityAtSlo).toBe(50);
  });

  it('the gate judges endpoint SLOs as its own metrics, named by request', () => {
    const { results } = evaluateAllSlos(r.steps, { p99Ms: 1000 }, [{ request: 'checkout', p99Ms: 300 }], new Set());
    // judgeSlos reads only each sample's SLO results.
    const gated = judgeSlos([{ slo: results } as unknown as GateSample]);
    expect(gated.map((g) => [g.name, g.status])).toEqual([
      ['SLO p99 (overall)', 'pass'],
      ['SLO p99 (checkout, overall)', 'fail'],
    ]);
  });

  it('a stored scenario gives the same endpoint SLOs back to `capplan analyze`', () => {
    const options = analyzeOptionsFromRecord({
      slo: { p99Ms: 1000 },
      requestSlos: [{ request: 'checkout', p99Ms: 300, bogus: 'x' }, { p99Ms: 1 }],
    });
    expect(options.requestSlos).toEqual([{ request: 'checkout', p99Ms: 300 }]);
  });
});
