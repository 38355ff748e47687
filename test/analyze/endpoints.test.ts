import { describe, expect, it } from 'vitest';
import { analyzeEndpoints, comparedSteps, endpointEvidence, endpointSentence } from '../../src/analyze/endpoints.js';
import { analyzeRun } from '../../src/analyze/index.js';
import { createRng } from '../helpers/rng.js';
import { buildRecord, requestsWindow, type WindowSpec } from '../scale/records.js';
import { joinRegExp } from '../helpers/regex.js';

type Shape = Record<string, { ms: number; errors?: number; n?: number }>;

/** A sweep-like record: one phase per entry, 3 windows each, latencies jittered ±10 % around `ms`. */
function record(phases: { stage: string; level: number; requests: Shape }[]) {
  const random = createRng(3);
  const windows: WindowSpec[] = [];
  phases.forEach(({ stage, level, requests }, phaseIndex) => {
    for (let w = 0; w < 3; w++) {
      const byRequest: NonNullable<WindowSpec['byRequest']> = {};
      for (const [name, { ms, errors = 0, n = 60 }] of Object.entries(requests)) {
        byRequest[name] = { latenciesUs: Array.from({ length: n }, () => ms * 1000 * (0.9 + 0.2 * random())), errors };
      }
      windows.push(requestsWindow({ phaseIndex, stage, level, byRequest }));
    }
  });
  return buildRecord({ windows });
}

const SPLIT = record([
  { stage: 'baseline', level: 10, requests: { checkout: { ms: 55 }, catalogue: { ms: 50 } } },
  { stage: 'spike', level: 100, requests: { checkout: { ms: 220, errors: 16 }, catalogue: { ms: 51, errors: 1 } } },
]);

describe('endpointEvidence', () => {
  it('names the endpoint whose latency rises and whose errors are the pool errors; the other stays flat', () => {
    const [checkout, catalogue] = endpointEvidence(SPLIT.steps);
    expect(checkout).toMatchObject({ name: 'checkout', dependsOnPool: true });
    expect(checkout!.latencyRatio).toBeGreaterThan(3.5);
    expect(checkout!.latencyRatio).toBeLessThan(4.5);
    expect(checkout!.poolErrorShare).toBeCloseTo(48 / 51, 10);
    expect(checkout!.why).toMatch(
      joinRegExp([
        /^p99 ×4(\.\d)? \(\d+ ms → \d+ ms\), p50 ×4(\.\d)? from baseline to spike; /,
        /94 % of the pool errors \(\d+(\.\d)? % of its requests\): depends on the pool$/,
      ]),
    );
    expect(catalogue).toMatchObject({ name: 'catalogue', dependsOnPool: false });
    expect(catalogue!.latencyRatio).toBeGreaterThan(0.9);
    expect(catalogue!.latencyRatio).toBeLessThan(1.2);
    expect(catalogue!.why).toMatch(/: barely affected$/);
  });

  it('a sentence for the summary', () => {
    const endpoints = endpointEvidence(SPLIT.steps);
    expect(endpointSentence(endpoints, 'spike')).toMatch(
      /^checkout depends on the pool: p99 ×4(\.\d)? at spike, 94 % of the pool errors; catalogue stays flat\.$/,
    );
    const both = endpoints.map((e) => ({ ...e, dependsOnPool: true }));
    expect(endpointSentence(both, 'spike')).toMatch(
      /^checkout and catalogue depend on the pool \(checkout: .*; catalogue: .*\)\.$/,
    );
    expect(
      endpointSentence(
        endpoints.map((e) => ({ ...e, dependsOnPool: false })),
        'spike',
      ),
    ).toBe('');
  });

  it('an endpoint that only fails (no ok response under load) depends on the pool by its errors', () => {
    const r = record([
      { stage: 'baseline', level: 10, requests: { pay: { ms: 40 }, home: { ms: 5 } } },
      { stage: 'spike', level: 100, requests: { pay: { ms: 40, n: 0, errors: 30 }, home: { ms: 5 } } },
    ]);
    const [pay, home] = endpointEvidence(r.steps);
    expect(pay).toMatchObject({ dependsOnPool: true, latencyRatio: null, poolErrorShare: 1 });
    expect(pay!.why).toMatch(/^no successful response to compare in spike; 100 % of the pool errors/);
    expect(home).toMatchObject({ dependsOnPool: false, poolErrorShare: 0 });
    expect(home!.why).toMatch(/no pool errors: stays flat$/);
  });

  it('a tail that stretches while the median stays put is not the pool (a busy client stretches every tail)', () => {
    const r = record([
      { stage: 'baseline', level: 10, requests: { checkout: { ms: 50 }, login: { ms: 10 } } },
      { stage: 'spike', level: 60, requests: { checkout: { ms: 180 }, login: { ms: 10 } } },
    ]);
    // login's tail three times its baseline p99 under the spike (event-loop stalls), its median unchanged
    for (const s of r.steps.filter((x) => x.label === 'spike')) s.byRequest!['login']!.latencyMs.p99 *= 3;
    const [checkout, login] = endpointEvidence(r.steps);
    expect(checkout).toMatchObject({ dependsOnPool: true, poolErrorShare: 0 });
    expect(checkout!.why).toMatch(/p50 ×3\.\d from baseline to spike; no pool errors: depends on the pool$/);
    expect(login!.latencyRatio).toBeGreaterThan(2.5);
    expect(login).toMatchObject({ dependsOnPool: false });
    expect(login!.why).toMatch(/, p50 ×(0\.9\d*|1(\.0\d*)?) from baseline to spike; no pool errors: stays flat$/);
  });

  it('a median that rises by less than 2 ms is not a queue, whatever the ratio', () => {
    const r = record([
      { stage: 'baseline', level: 10, requests: { a: { ms: 0.5 }, b: { ms: 50 } } },
      { stage: 'spike', level: 60, requests: { a: { ms: 1.5 }, b: { ms: 50 } } },
    ]);
    expect(endpointEvidence(r.steps).map((e) => e.dependsOnPool)).toEqual([false, false]);
  });

  it('compares the lowest and the highest level, leaving out generator-saturated steps', () => {
    const r = record([
      { stage: 'c=1', level: 1, requests: { a: { ms: 5 }, b: { ms: 5 } } },
      { stage: 'c=8', level: 8, requests: { a: { ms: 6 }, b: { ms: 5 } } },
      { stage: 'c=32', level: 32, requests: { a: { ms: 30 }, b: { ms: 5 } } },
    ]);
    expect(comparedSteps(r.steps)).toMatchObject({ baseline: { label: 'c=1' }, loaded: { label: 'c=32' } });
    r.steps[2]!.generatorSaturated = true;
    expect(comparedSteps(r.steps)).toMatchObject({ baseline: { label: 'c=1' }, loaded: { label: 'c=8' } });
    expect(endpointEvidence(r.steps).map((e) => e.dependsOnPool)).toEqual([false, false]);
  });

  it('nothing to compare: one level, or one request name', () => {
    const oneLevel = record([{ stage: 'a', level: 5, requests: { x: { ms: 5 }, y: { ms: 5 } } }]);
    expect(endpointEvidence(oneLevel.steps)).toEqual([]);
    const oneName = record([
      { stage: 'baseline', level: 10, requests: { x: { ms: 5 } } },
      { stage: 'spike', level: 100, requests: { x: { ms: 50 } } },
    ]);
    expect(analyzeEndpoints(oneName.steps)).toEqual({ sentence: '' });
  });

  it('analyzeRun reports analysis.endpoints and appends the sentence to the summary', () => {
    const analysis = analyzeRun(SPLIT, { bootstrapSamples: 50 });
    expect(analysis.endpoints?.map((e) => [e.name, e.dependsOnPool])).toEqual([
      ['checkout', true],
      ['catalogue', false],
    ]);
    expect(analysis.summary).toMatch(
      / checkout depends on the pool: p99 ×4(\.\d)? at spike, 94 % of the pool errors; catalogue stays flat\.$/,
    );
  });
});
