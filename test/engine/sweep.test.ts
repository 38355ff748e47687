import { describe, expect, it } from 'vitest';
import {
  defaultAdaptiveNext,
  defaultRefine,
  kneeBracket,
  plateauIndex,
  shouldStopAfterKnee,
  summarizeAdaptiveLevel,
  summarizeSweepStep,
} from '../../src/engine/sweep.js';
import type { AdaptiveStepResult, SweepStepResult } from '../../src/engine/types.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import type { Phase } from '../../src/scenario/types.js';

/** Goodput of a pool of `pool` slots with `serviceMs` hold at concurrency x. */
const poolSteps = (levels: number[], pool = 20, serviceMs = 50, errorsFrom = Infinity): SweepStepResult[] =>
  levels.map((level, i) => ({
    phaseIndex: i,
    kind: i === 0 ? 'probe' : 'level',
    level,
    goodputPerSec: (Math.min(level, pool) * 1000) / serviceMs,
    errorRate: level >= errorsFrom ? 0.2 : 0,
  }));

describe('sweep rules', () => {
  it('finds the knee bracket of a pool of 20 in a geometric sweep', () => {
    const steps = poolSteps([1, 2, 4, 8, 16, 32, 64]);
    expect(kneeBracket(steps)).toEqual([16, 32]);
    expect(plateauIndex(steps)).toBe(5); // goodput stopped rising at 32 (64 adds nothing)
  });

  it('bisects the bracket into whole levels not yet run', () => {
    expect(defaultRefine(poolSteps([1, 2, 4, 8, 16, 32, 64]), 3)).toEqual([20, 24, 28]);
    expect(defaultRefine(poolSteps([1, 2, 4, 8]), 3)).toEqual([]);
    expect(defaultRefine(poolSteps([1, 2, 4, 8, 16, 32, 64]), 0)).toEqual([]);
  });

  it('keeps rates fractional in the open model', () => {
    const steps: SweepStepResult[] = [100, 200, 300].map((level, i) => ({
      phaseIndex: i,
      kind: 'level',
      level,
      goodputPerSec: Math.min(level, 220),
      errorRate: 0,
    }));
    expect(defaultRefine(steps, 2, 'open')).toEqual([233.33, 266.67]);
  });

  it('treats an error rate above 5 % as the end of the rise', () => {
    const steps = poolSteps([1, 2, 4, 8], 100, 50, 8);
    expect(kneeBracket(steps)).toEqual([4, 8]);
    expect(plateauIndex(steps)).toBe(2);
  });

  it('stops two levels past the plateau', () => {
    expect(shouldStopAfterKnee(poolSteps([1, 2, 4, 8, 16, 32]))).toBe(false);
    expect(shouldStopAfterKnee(poolSteps([1, 2, 4, 8, 16, 32, 64]))).toBe(false);
    expect(shouldStopAfterKnee(poolSteps([1, 2, 4, 8, 16, 32, 64, 128]))).toBe(true);
    expect(shouldStopAfterKnee(poolSteps([1, 2, 4, 8]))).toBe(false);
  });
});

describe('summarizeSweepStep', () => {
  const phase: Phase = {
    index: 2,
    kind: 'level',
    label: 'c=8',
    startMs: 4000,
    durationMs: 3000,
    warmupMs: 1000,
    fromLevel: 8,
    toLevel: 8,
  };
  const w = (tMs: number, ok: number, errorCount: number, phaseIndex = 2): WindowSnapshot =>
    ({ tMs, durationMs: 1000, ok, errorCount, dropped: 0, phaseIndex }) as WindowSnapshot;

  it('uses measured windows only: warm-up and other phases left out', () => {
    const result = summarizeSweepStep(phase, [w(3000, 999, 0, 1), w(4000, 50, 50), w(5000, 100, 0), w(6000, 80, 20)]);
    expect(result).toEqual({ phaseIndex: 2, kind: 'level', level: 8, goodputPerSec: 90, errorRate: 0.1 });
  });
});

describe('adaptive search: the engine side', () => {
  const phase: Phase = {
    index: 3,
    kind: 'refine',
    label: 'c=26',
    startMs: 10_000,
    durationMs: 2000,
    warmupMs: 0,
    fromLevel: 26,
    toLevel: 26,
  };
  const w = (tMs: number, ok: number, errorCount: number, extra: Partial<WindowSnapshot> = {}): WindowSnapshot =>
    ({
      tMs,
      durationMs: 1000,
      ok,
      errorCount,
      dropped: 0,
      phaseIndex: 3,
      generator: { saturated: false },
      ...extra,
    }) as WindowSnapshot;

  it("summarizes a level: each measured window's goodput, its measured time and error rate (drain left out)", () => {
    const windows = [
      w(10_000, 390, 10),
      w(11_000, 400, 0),
      w(12_000, 50, 0, { drain: true }),
      w(9000, 1, 0, { phaseIndex: 2 }),
    ];
    expect(summarizeAdaptiveLevel(phase, windows)).toEqual({
      level: 26,
      durationMs: 2000,
      windowGoodputPerSec: [390, 400],
      errorRate: 10 / 800,
      generatorLimited: false,
    });
  });

  it("a level is generator-limited when most of its windows were saturated (the record's rule)", () => {
    const saturated = { generator: { saturated: true } } as Partial<WindowSnapshot>;
    expect(summarizeAdaptiveLevel(phase, [w(10_000, 390, 0, saturated), w(11_000, 400, 0)]).generatorLimited).toBe(
      false,
    );
    expect(
      summarizeAdaptiveLevel(phase, [w(10_000, 390, 0, saturated), w(11_000, 400, 0, saturated)]).generatorLimited,
    ).toBe(true);
  });

  it('without the analyzer, doubles with 1 s levels until goodput stops rising or `to`', () => {
    const bounds = { from: 1, to: 64, precision: 0.1, maxLoadMs: 20_000 };
    const level = (n: number): AdaptiveStepResult => ({
      level: n,
      durationMs: 1000,
      windowGoodputPerSec: [Math.min(n, 20) * 20],
      errorRate: 0,
      generatorLimited: false,
    });
    expect(defaultAdaptiveNext([level(1), level(2)], bounds)).toEqual({
      action: 'run',
      level: 4,
      holdMs: 1000,
      purpose: 'scan',
    });
    expect(defaultAdaptiveNext([1, 2, 4, 8, 16, 32, 64].map(level), bounds)).toEqual({
      action: 'stop',
      reason: 'plateau',
    });
    expect(defaultAdaptiveNext([1, 2, 4, 8].map(level), { ...bounds, to: 8 })).toEqual({
      action: 'stop',
      reason: 'not-reached',
    });
  });
});
