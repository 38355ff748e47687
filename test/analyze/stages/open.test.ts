/** ANALYSIS.md §6 T8: an open-model sweep past capacity, on the DES table. */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analyze/index.js';
import { buildRecord, type StepRow } from '../../helpers/records.js';

const LAMBDA = [100, 200, 300, 350, 380, 400, 420, 450, 500];
const X = [101, 199, 298, 350, 377, 400, 405, 401, 401];
const R_MS = [51, 51, 52, 56, 72, 273, 682, 1198, 2079];
const GROWTH = [0, 0, 0, 0, 0.8, 8, 22, 48, 105];

/** 20 s steps; unstable steps' mean in-flight is what a growing queue averages, not X·R. */
function rows(): StepRow[] {
  return LAMBDA.map((level, i) => ({
    level,
    goodputPerSec: X[i]!,
    meanOkLatencyMs: R_MS[i]!,
    inFlightGrowthPerSec: GROWTH[i]!,
    seconds: 20,
    kind: 'level' as const,
    p99Ms: R_MS[i]! * 2,
  }));
}

describe('T8 open model past capacity (DES table)', () => {
  const record = buildRecord(rows(), { model: 'open', bucketCv: 0.03, seed: 8 });
  const a = analyzeRun(record, { bootstrapSamples: 300, slo: { p99Ms: 5000 } });
  const excluded = new Map(a.excludedSteps.map((e) => [record.steps[e.index]!.level, e.why]));
  it('steps ≤ 380 are stable, steps ≥ 420 unstable (excluded from the fit)', () => {
    for (const level of [100, 200, 300, 350, 380]) expect(excluded.has(level)).toBe(false);
    for (const level of [420, 450, 500]) expect(excluded.get(level)).toMatch(/unstable/);
  });
  it('Xmax 400 ± 5 % from the unstable steps; λ* in (380, 420]', () => {
    expect(Math.abs(a.maxThroughputPerSec!.value / 400 - 1)).toBeLessThanOrEqual(0.05);
    const unstable = a.signals.find((s) => s.kind === 'unstable')!;
    expect(unstable.at).toBeGreaterThan(380);
    expect(unstable.at).toBeLessThanOrEqual(420);
    expect(unstable.detail).toMatch(/capacity between (380|400) and 420 req\/s/);
  });
  it('knee concurrency Xmax·R0 = 20.4 ± 2', () => {
    expect(a.unloadedLatencyMs).toBe(51);
    expect(Math.abs(a.knee!.concurrency - 20.4)).toBeLessThanOrEqual(2);
    expect(a.knee!.censored).toBeNull();
  });
  it('unstable latency is "diverging" and counts only as an SLO violation', () => {
    expect(a.signals.find((s) => s.kind === 'unstable')!.detail).toContain('diverging');
    const at420 = a.slo.find((r) => r.scope === 'c=420' && r.metric === 'p99')!;
    expect(at420.actual).toBeLessThan(5000); // under the threshold, and still a violation
    expect(at420.pass).toBe(false);
    expect(a.slo.find((r) => r.scope === 'c=100' && r.metric === 'p99')!.pass).toBe(true);
    expect(a.slo.find((r) => r.scope === 'overall' && r.metric === 'p99')!.pass).toBe(false);
  });
  it('in-flight growth at λ = 500 within 100 ± 25 /s', () => {
    expect(a.signals.find((s) => s.kind === 'unstable')!.detail).toMatch(/\+(\d+)\/s at 500/);
    const growth = Number(/\+(\d+)\/s at 500/.exec(a.signals.find((s) => s.kind === 'unstable')!.detail)![1]);
    expect(Math.abs(growth - 100)).toBeLessThanOrEqual(25);
  });
  it('names the rate range in the summary', () => {
    expect(a.summary).toMatch(/between (380|400) and 420 req\/s \(~20 requests in flight, 95% CI [\d–]+\)/);
  });
});
