import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/engine/types.js';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/metrics/histogram.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import { buildRunRecord, redactSecrets, REDACTED, sha256 } from '../../src/record/build.js';
import { runRecordSchema } from '../../src/record/schema.js';
import { openStability } from '../../src/record/steps.js';
import { olsSlope } from '../../src/stats/index.js';
import type { Analysis, WindowRecord } from '../../src/record/types.js';
import type { Phase, Scenario } from '../../src/scenario/types.js';
import { request } from '../engine/fixtures.js';

const ANALYSIS = { verdict: 'inconclusive', summary: 'test' } as Analysis;
const HEALTH = { loopDelayP99Ms: 1, utilization: 0.3, lateStartFraction: 0, clientQueued: 0, saturated: false };

function window(
  index: number,
  phaseIndex: number,
  ok: number,
  latencyUs: number,
  extra: Partial<WindowSnapshot> = {},
): WindowSnapshot {
  const h = createLatencyHistogram();
  for (let i = 0; i < ok; i++) recordLatencyUs(h, latencyUs);
  return {
    index,
    tMs: index * 1000,
    durationMs: 1000,
    phaseIndex,
    level: 4,
    intended: ok,
    sent: ok,
    ok,
    errorCount: 0,
    errors: {},
    status: { '200': ok },
    bytesIn: ok * 2,
    late: 0,
    dropped: 0,
    inFlightMean: 4,
    inFlightMax: 4,
    inFlightEnd: 4,
    okLatencySumUs: ok * latencyUs,
    errorLatencySumUs: 0,
    quarterOk: [ok - 3 * Math.floor(ok / 4), Math.floor(ok / 4), Math.floor(ok / 4), Math.floor(ok / 4)],
    quarterErrors: [0, 0, 0, 0],
    hdr: encodeHistogram(h),
    serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
    generator: HEALTH,
    errorSamples: [],
    ...extra,
  };
}

function scenario(): Scenario {
  return {
    version: 1,
    name: 'shop',
    file: 'shop.yml',
    target: {
      url: 'http://127.0.0.1:3000',
      demo: undefined,
      timeoutMs: 2000,
      headers: { authorization: 'Bearer s3cret-token' },
    },
    requests: [request({ name: 'r', path: '/?key=s3cret-token' })],
    load: {
      model: 'closed',
      think: { minMs: 0, maxMs: 0 },
      arrivals: 'constant',
      seed: 1,
      maxInFlight: 10_000,
      stages: undefined,
      sweep: undefined,
    },
    slo: undefined,
    stop: undefined,
    plan: undefined,
    probes: [],
    secrets: ['s3cret-token'],
  };
}

const phases: Phase[] = [
  { index: 0, kind: 'probe', label: 'probe', startMs: 0, durationMs: 3000, warmupMs: 1000, fromLevel: 1, toLevel: 1 },
  { index: 1, kind: 'level', label: 'c=4', startMs: 3000, durationMs: 3000, warmupMs: 1000, fromLevel: 4, toLevel: 4 },
];

function outcome(overrides: Partial<RunOutcome> = {}): RunOutcome {
  return {
    status: 'completed',
    phases,
    windows: [
      window(0, 0, 10, 90_000),
      window(1, 0, 100, 10_000),
      window(2, 0, 100, 10_000),
      window(3, 1, 10, 90_000),
      window(4, 1, 300, 20_000, {
        generator: { ...HEALTH, loopDelayP99Ms: 30, saturated: true },
        errorCount: 5,
        errors: { 'http-503': 5 },
        errorLatencySumUs: 5000,
        errorSamples: ['http-503: timeout acquiring connection'],
        serverTiming: { poolSumMs: 30, poolCount: 10, dbSumMs: 500, dbCount: 10 },
      }),
      window(5, 1, 300, 20_000, { generator: { ...HEALTH, loopDelayP99Ms: 25, saturated: true } }),
    ],
    startedAtMs: Date.UTC(2026, 10, 28, 7, 0, 0),
    endedAtMs: Date.UTC(2026, 10, 28, 7, 0, 6, 250),
    workers: 2,
    ...overrides,
  };
}

const build = (o: RunOutcome = outcome()) =>
  buildRunRecord({
    scenario: scenario(),
    scenarioText: 'name: shop\n',
    outcome: o,
    toolVersion: '0.1.0',
    warnings: ['w'],
    environment: { node: 'v20', platform: 'linux', cpus: 2, workers: 2, targetUrl: 'http://127.0.0.1:3000' },
    analyze: (r) => ({ ...ANALYSIS, summary: `${r.steps.length} steps` }),
  });

describe('buildRunRecord', () => {
  it('builds the record envelope', () => {
    const r = build();
    expect(r).toMatchObject({
      schema: 'capplan.run/v1',
      tool: { name: 'capplan', version: '0.1.0' },
      model: 'closed',
      status: 'completed',
      startedAt: '2026-11-28T07:00:00.000Z',
      endedAt: '2026-11-28T07:00:06.250Z',
      durationMs: 6250,
      warnings: ['w'],
      scenario: { name: 'shop', file: 'shop.yml', sha256: sha256('name: shop\n') },
      analysis: { summary: '2 steps' },
    });
    expect(r.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.abortReason).toBeUndefined();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('redacts every secret value anywhere in the resolved scenario', () => {
    const text = JSON.stringify(build().scenario.resolved);
    expect(text).not.toContain('s3cret-token');
    expect(text).toContain(`Bearer ${REDACTED}`);
    expect(text).toContain(`/?key=${REDACTED}`);
    expect(redactSecrets({ a: ['x-secret-y'], b: 3 }, ['secret', ''])).toEqual({ a: [`x-${REDACTED}-y`], b: 3 });
  });

  it('labels windows with their stage and flags the warm-up', () => {
    const r = build();
    expect(r.windows.map((w) => [w.stage, w.warmup])).toEqual([
      ['probe', true],
      ['probe', false],
      ['probe', false],
      ['c=4', true],
      ['c=4', false],
      ['c=4', false],
    ]);
    expect(r.windows[1]!.latencyMs.p50).toBeCloseTo(10, 1);
  });

  it('builds steps from measured windows only', () => {
    const [probe, level] = build().steps;
    expect(probe).toMatchObject({
      index: 0,
      phaseIndex: 0,
      kind: 'probe',
      label: 'probe',
      level: 1,
      durationMs: 2000,
      windowRange: [1, 2],
      ok: 200,
      goodputPerSec: 100,
      errorRate: 0,
      stable: true,
      generatorSaturated: false,
    });
    expect(probe!.latencyMs.count).toBe(200);
    expect(probe!.latencyMs.max).toBeLessThan(11); // the 90 ms warm-up window is left out
    expect(level).toMatchObject({
      index: 1,
      level: 4,
      fromLevel: 4,
      startMs: 4000,
      durationMs: 2000,
      windowRange: [4, 5],
      ok: 600,
      errorCount: 5,
      errors: { 'http-503': 5 },
      throughputPerSec: 302.5,
      goodputPerSec: 300,
      inFlight: 4,
      meanOkLatencyMs: 20,
      meanErrorLatencyMs: 1,
      serverTiming: { holdMs: 50, waitMs: 3, samples: 10 },
      generatorSaturated: true,
      errorSamples: ['http-503: timeout acquiring connection'],
    });
    expect(level!.errorRate).toBeCloseTo(5 / 605, 10);
    expect(probe!.serverTiming).toBeUndefined();
  });

  it('keeps partial runs: status, reason, and no step for a phase cut during its warm-up', () => {
    const cut: Phase[] = [phases[0]!, { ...phases[1]!, durationMs: 500 }];
    const r = build(
      outcome({
        status: 'aborted',
        abortReason: 'worker 1 crashed: boom',
        phases: cut,
        windows: outcome().windows.slice(0, 4),
      }),
    );
    expect(r.status).toBe('aborted');
    expect(r.abortReason).toBe('worker 1 crashed: boom');
    expect(r.steps.map((s) => s.label)).toEqual(['probe']);
    expect(r.windows).toHaveLength(4);
  });
});

describe('the drain window (completions after the planned end)', () => {
  // The 4 requests in flight at the end finish 120 ms after it, slowly (500 ms each), and one fails.
  const drain = window(6, 1, 4, 500_000, {
    drain: true,
    durationMs: 120,
    sent: 0,
    intended: 0,
    errorCount: 1,
    errors: { timeout: 1 },
    errorLatencySumUs: 900_000,
  });
  const withDrain = (): RunOutcome => outcome({ windows: [...outcome().windows, drain] });

  it('keeps it in the record, flagged, on the last phase, never as warm-up', () => {
    const r = build(withDrain());
    expect(r.windows).toHaveLength(7);
    expect(r.windows[6]).toMatchObject({
      stage: 'c=4',
      phaseIndex: 1,
      drain: true,
      warmup: false,
      ok: 4,
      errorCount: 1,
      durationMs: 120,
    });
    for (const w of r.windows.slice(0, 6)) expect('drain' in w).toBe(false);
    // The schema accepts it and keeps the flag; a drain flag other than true is refused.
    const windowsSchema = runRecordSchema.shape.windows;
    const parsed = windowsSchema.parse(JSON.parse(JSON.stringify(r.windows)));
    expect(parsed[6]!.drain).toBe(true);
    const bad = JSON.parse(JSON.stringify(r.windows)) as { drain?: unknown }[];
    bad[6]!.drain = 'yes';
    const result = windowsSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['6.drain']);
  });

  it('leaves it out of every step, exactly as without it', () => {
    const before = build().steps;
    const after = build(withDrain()).steps;
    expect(after).toEqual(before);
    expect(after[1]).toMatchObject({
      windowRange: [4, 5],
      durationMs: 2000,
      ok: 600,
      errorCount: 5,
      goodputPerSec: 300,
    });
    expect(after[1]!.latencyMs.max).toBeLessThan(21); // the 500 ms drain completions are not in the step
  });

  it('counts it in the run totals', () => {
    const r = build(withDrain());
    const sum = (pick: (w: WindowRecord) => number): number => r.windows.reduce((a, w) => a + pick(w), 0);
    const measuredOk = r.steps.reduce((a, s) => a + s.ok, 0);
    expect(sum((w) => w.ok)).toBe(10 + 100 + 100 + 10 + 300 + 300 + 4);
    expect(sum((w) => w.errorCount)).toBe(6);
    expect(sum((w) => w.ok) - measuredOk).toBe(10 + 10 + 4); // warm-up windows and the drain
  });
});

describe('open-model stability', () => {
  const w = (i: number, inFlight: number): WindowRecord =>
    ({ tMs: i * 1000, durationMs: 1000, inFlight }) as WindowRecord;

  it('is unstable when in-flight grows faster than 2 % of the rate and by more than 5', () => {
    const growing = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => w(i, 10 + i * 20));
    expect(openStability(growing, 400)).toMatchObject({ stable: false });
    expect(openStability(growing, 400).growthPerSec).toBeCloseTo(20, 6);
  });

  it('is stable when in-flight is flat or grows by less than 5', () => {
    expect(
      openStability(
        [0, 1, 2, 3, 4, 5].map((i) => w(i, 12 + (i % 2))),
        400,
      ).stable,
    ).toBe(true);
    expect(
      openStability(
        [0, 1, 2, 3].map((i) => w(i, 2 + i)),
        10,
      ).stable,
    ).toBe(true);
  });

  it('computes an OLS slope', () => {
    expect(olsSlope([0, 1, 2, 3], [1, 3, 5, 7])).toBe(2);
    expect(olsSlope([1], [1])).toBe(0);
  });
});

describe('step generator saturation', () => {
  it("judged per step: one hiccup window doesn't void it, most windows over the limit do, late starts > 1 % do", () => {
    const hiccup = build(
      outcome({ windows: outcome().windows.map((w) => (w.index === 5 ? w : { ...w, generator: HEALTH })) }),
    );
    expect(hiccup.steps[1]!.generatorSaturated).toBe(false);
    expect(build(outcome()).steps[1]!.generatorSaturated).toBe(true);
    const late = build(
      outcome({
        windows: outcome().windows.map((w) =>
          w.index === 4 ? { ...w, generator: HEALTH, late: 10 } : { ...w, generator: HEALTH },
        ),
      }),
    );
    expect(late.steps[1]!.generatorSaturated).toBe(true);
  });
});
