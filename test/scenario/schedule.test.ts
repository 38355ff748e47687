import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { ceilToSecondMs, buildSchedule, sweepLevels } from '../../src/scenario/schedule.js';
import type { Phase, SweepSpec } from '../../src/scenario/types.js';

/** A whole scenario around a `load:` block (real parsing, so defaults are the real ones). */
function scheduleFor(load: string): ReturnType<typeof buildSchedule> {
  const indented = load.replace(/^/gm, '  ');
  const text = `target: { url: "http://127.0.0.1:3000" }\nrequests: [{ path: / }]\nload:\n${indented}\n`;
  return buildSchedule(parseScenario(text, 'plan.yml', { env: {} }));
}

type Row = [Phase['kind'], string, number, number, number, number, number];
const rows = (phases: readonly Phase[]): Row[] =>
  phases.map((p) => [p.kind, p.label, p.startMs, p.durationMs, p.warmupMs, p.fromLevel, p.toLevel]);

describe('buildSchedule: stages', () => {
  it.each<[string, string, Row[], number, number]>([
    [
      'closed holds and a ramp (the spike shape)',
      `stages:
  - { duration: 20s, concurrency: 10, name: baseline }
  - { duration: 5s, rampTo: 150 }
  - { duration: 30s, concurrency: 150, name: spike }
  - { duration: 30s, concurrency: 10 }`,
      [
        ['stage', 'baseline', 0, 20_000, 0, 10, 10],
        ['stage', 'stage 2', 20_000, 5_000, 0, 10, 150],
        ['stage', 'spike', 25_000, 30_000, 0, 150, 150],
        ['stage', 'stage 4', 55_000, 30_000, 0, 10, 10],
      ],
      85_000,
      150,
    ],
    [
      'durations round up to whole seconds',
      `stages:
  - { duration: 1.5s, concurrency: 2 }
  - { duration: 500ms, concurrency: 3 }
  - { duration: 1m30s, rampTo: 1 }`,
      [
        ['stage', 'stage 1', 0, 2_000, 0, 2, 2],
        ['stage', 'stage 2', 2_000, 1_000, 0, 3, 3],
        ['stage', 'stage 3', 3_000, 90_000, 0, 3, 1],
      ],
      93_000,
      3,
    ],
    [
      'an open-model rate ramp down and up',
      `model: open
stages:
  - { duration: 10s, rate: 200 }
  - { duration: 10s, rampTo: 50.5 }
  - { duration: 10s, rampTo: 400 }`,
      [
        ['stage', 'stage 1', 0, 10_000, 0, 200, 200],
        ['stage', 'stage 2', 10_000, 10_000, 0, 200, 50.5],
        ['stage', 'stage 3', 20_000, 10_000, 0, 50.5, 400],
      ],
      30_000,
      400,
    ],
  ])('%s', (_name, load, expected, totalMs, peak) => {
    const schedule = scheduleFor(load);
    expect(rows(schedule.phases)).toEqual(expected);
    expect(schedule.totalMs).toBe(totalMs);
    expect(schedule.peakLevel).toBe(peak);
    expect(schedule.sweep).toBeUndefined();
    expect(schedule.phases.map((p) => p.index)).toEqual(expected.map((_, i) => i));
  });
});

describe('buildSchedule: sweeps', () => {
  it('geometric 1..128 with defaults: the c=1 level is the probe, 1 s warm-up + 5 s hold each', () => {
    const schedule = scheduleFor('sweep: { from: 1, to: 128 }');
    expect(schedule.model).toBe('closed');
    expect(rows(schedule.phases)).toEqual(
      [1, 2, 4, 8, 16, 32, 64, 128].map((c, i) => [
        i === 0 ? 'probe' : 'level',
        i === 0 ? 'probe' : `c=${c}`,
        i * 6_000,
        6_000,
        1_000,
        c,
        c,
      ]),
    );
    expect(schedule.totalMs).toBe(48_000);
    expect(schedule.peakLevel).toBe(128);
    expect(schedule.sweep).toEqual({ refine: 3, stopAfterKnee: true, holdMs: 5_000, warmupMs: 1_000 });
  });

  it('geometric from 4: a separate probe at c=1 first; `to` always included', () => {
    const schedule = scheduleFor('sweep: { from: 4, to: 50, hold: 3s, warmup: 1s, refine: 0, stopAfterKnee: false }');
    expect(rows(schedule.phases)).toEqual([
      ['probe', 'probe', 0, 4_000, 1_000, 1, 1],
      ['level', 'c=4', 4_000, 4_000, 1_000, 4, 4],
      ['level', 'c=8', 8_000, 4_000, 1_000, 8, 8],
      ['level', 'c=16', 12_000, 4_000, 1_000, 16, 16],
      ['level', 'c=32', 16_000, 4_000, 1_000, 32, 32],
      ['level', 'c=50', 20_000, 4_000, 1_000, 50, 50],
    ]);
    expect(schedule.totalMs).toBe(24_000);
    expect(schedule.sweep).toEqual({ refine: 0, stopAfterKnee: false, holdMs: 3_000, warmupMs: 1_000 });
  });

  it('linear with an increment and a probe', () => {
    const schedule = scheduleFor('sweep: { from: 10, to: 40, spacing: linear, increment: 10, hold: 2s, warmup: 0s }');
    expect(rows(schedule.phases)).toEqual([
      ['probe', 'probe', 0, 2_000, 0, 1, 1],
      ['level', 'c=10', 2_000, 2_000, 0, 10, 10],
      ['level', 'c=20', 4_000, 2_000, 0, 20, 20],
      ['level', 'c=30', 6_000, 2_000, 0, 30, 30],
      ['level', 'c=40', 8_000, 2_000, 0, 40, 40],
    ]);
  });

  it('without the probe, warm-up and hold rounded up separately', () => {
    const schedule = scheduleFor('sweep: { from: 2, to: 8, probe: false, hold: 2.5s, warmup: 500ms }');
    expect(rows(schedule.phases)).toEqual([
      ['level', 'c=2', 0, 4_000, 1_000, 2, 2],
      ['level', 'c=4', 4_000, 4_000, 1_000, 4, 4],
      ['level', 'c=8', 8_000, 4_000, 1_000, 8, 8],
    ]);
    expect(schedule.sweep?.holdMs).toBe(3_000);
  });

  it('open model: rate levels labelled r=N/s', () => {
    const schedule = scheduleFor('model: open\nsweep: { from: 50, to: 400, hold: 2s, warmup: 1s }');
    expect(schedule.model).toBe('open');
    expect(rows(schedule.phases).map((r) => r[1])).toEqual(['probe', 'r=50/s', 'r=100/s', 'r=200/s', 'r=400/s']);
    expect(schedule.phases[0]?.fromLevel).toBe(1);
    expect(schedule.totalMs).toBe(15_000);
    expect(schedule.peakLevel).toBe(400);
  });

  it('a single-level sweep (from = to = 1) is just the probe', () => {
    const schedule = scheduleFor('sweep: { from: 1, to: 1, hold: 1s, warmup: 0s }');
    expect(rows(schedule.phases)).toEqual([['probe', 'probe', 0, 1_000, 0, 1, 1]]);
  });
});

describe('buildSchedule: adaptive search', () => {
  it('plans the 2 s probe at `from` only; its total is maxDuration and its peak `to`', () => {
    const scenario = parseScenario(
      `target: { url: "http://127.0.0.1:1" }
requests: [{ path: / }]
load: { sweep: { adaptive: true, from: 2, to: 128, precision: 5%, maxDuration: 20s } }`,
      'a.yml',
      { env: {} },
    );
    expect(scenario.load.sweep?.adaptive).toEqual({ precision: 0.05, maxDurationMs: 20_000 });
    const schedule = buildSchedule(scenario);
    expect(schedule.phases).toEqual([
      { index: 0, kind: 'probe', label: 'probe', startMs: 0, durationMs: 2000, warmupMs: 0, fromLevel: 2, toLevel: 2 },
    ]);
    expect(schedule.totalMs).toBe(20_000);
    expect(schedule.peakLevel).toBe(128);
    expect(schedule.sweep).toEqual({
      refine: 0,
      stopAfterKnee: false,
      holdMs: 2000,
      warmupMs: 0,
      adaptive: { from: 2, to: 128, precision: 0.05, maxLoadMs: 20_000 },
    });
  });

  it('defaults: from 1 to 256, precision 10 %, at most 30 s of load', () => {
    const scenario = parseScenario(
      'target: { url: "http://127.0.0.1:1" }\nrequests: [{ path: / }]\nload: { sweep: { adaptive: true } }',
      'a.yml',
      { env: {} },
    );
    expect(buildSchedule(scenario).sweep?.adaptive).toEqual({ from: 1, to: 256, precision: 0.1, maxLoadMs: 30_000 });
  });
});

describe('sweepLevels', () => {
  const sweep: SweepSpec = {
    from: 1,
    to: 100,
    spacing: 'geometric',
    factor: 2,
    increment: undefined,
    holdMs: 1000,
    warmupMs: 0,
    refine: 0,
    stopAfterKnee: false,
    probe: true,
  };
  it.each<[string, Partial<SweepSpec>, number[]]>([
    ['geometric factor 2, to not a power', {}, [1, 2, 4, 8, 16, 32, 64, 100]],
    ['geometric factor 3', { factor: 3 }, [1, 3, 9, 27, 81, 100]],
    ['geometric factor 1.5 drops duplicate rounded levels', { to: 8, factor: 1.5 }, [1, 2, 3, 5, 8]],
    [
      'linear default-like increment 8',
      { from: 1, to: 64, spacing: 'linear', increment: 8 },
      [1, 9, 17, 25, 33, 41, 49, 57, 64],
    ],
    ['linear exact end', { from: 5, to: 20, spacing: 'linear', increment: 5 }, [5, 10, 15, 20]],
  ])('%s', (_name, overrides, levels) => {
    expect(sweepLevels('closed', { ...sweep, ...overrides })).toEqual(levels);
  });

  it('keeps fractional rates in the open model', () => {
    expect(sweepLevels('open', { ...sweep, from: 0.5, to: 3 })).toEqual([0.5, 1, 2, 3]);
  });
});

describe('ceilToSecondMs', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [999, 1000],
    [1000, 1000],
    [1000.0000001, 1000],
    [1001, 2000],
    [59_500, 60_000],
  ])('%d -> %d', (ms, rounded) => {
    expect(ceilToSecondMs(ms)).toBe(rounded);
  });
});
