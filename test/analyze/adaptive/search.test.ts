import { describe, expect, it } from 'vitest';
import { estimateAdaptiveKnee } from '../../../src/analyze/adaptive/estimate.js';
import {
  adaptivePoints,
  decideNextLevel,
  loadMsOf,
  scalingBreak,
  type AdaptiveLevel,
  type AdaptiveSpec,
} from '../../../src/analyze/adaptive/search.js';
import { createRng } from '../../../src/stats/index.js';
import { simulateSearch, trueKnee, type PoolModel } from './simulate.js';

const SPEC: AdaptiveSpec = { from: 1, to: 256, precision: 0.1, maxLoadMs: 20_000 };
const OPTIONS = { samples: 400, seed: 1 };

/** A level on the exact pool curve min(N/R0, Xmax) (one window per second). */
function level(n: number, seconds = 1, r0Sec = 0.051, xmax = 400, errorRate = 0): AdaptiveLevel {
  const x = Math.min(n / r0Sec, xmax);
  return {
    level: n,
    durationMs: seconds * 1000,
    windowGoodputPerSec: Array.from({ length: seconds }, () => x),
    errorRate,
  };
}

/** A pool drawn per seed: 8–40 slots held 20–60 ms, 1 ms outside the pool, 3 % noise per window. */
function modelFor(seed: number): PoolModel {
  const r = createRng(seed * 2654435761 + 97);
  r.int(2);
  r.int(2);
  return { pool: 8 + r.int(33), holdMs: 20 + r.int(41), overheadMs: 1, cv: 0.03 };
}

describe('decideNextLevel', () => {
  it('starts with a 2 s probe at `from`', () => {
    expect(decideNextLevel([], SPEC, OPTIONS)).toEqual({ action: 'run', level: 1, holdMs: 2000, purpose: 'probe' });
  });

  it('doubles with 1 s levels while goodput scales', () => {
    const levels = [level(1, 2), level(2), level(4), level(8)];
    expect(scalingBreak(levels)).toBeUndefined();
    expect(decideNextLevel(levels, SPEC, OPTIONS)).toEqual({ action: 'run', level: 16, holdMs: 1000, purpose: 'scan' });
  });

  it('past the break, places 2 s levels on both sides of the fitted corner, then stops on precision', () => {
    const levels = [level(1, 2), level(2), level(4), level(8), level(16), level(32)];
    expect(scalingBreak(levels)).toBe(5);
    const first = decideNextLevel(levels, SPEC, OPTIONS);
    // Knee 20.4: one window past it (32) and one close below (16): the plateau side first, 1.25·τ.
    expect(first).toEqual({ action: 'run', level: 26, holdMs: 2000, purpose: 'refine' });
    const second = decideNextLevel([...levels, level(26, 2)], SPEC, OPTIONS);
    expect(second).toEqual({ action: 'run', level: 16, holdMs: 2000, purpose: 'refine' });
    expect(decideNextLevel([...levels, level(26, 2), level(16, 2)], SPEC, OPTIONS)).toEqual({
      action: 'stop',
      reason: 'precision',
    });
  });

  it('levels the generator limited count as load, not as data: the probe again, the scan skips over them', () => {
    const limited = (l: AdaptiveLevel): AdaptiveLevel => ({ ...l, generatorLimited: true });
    expect(decideNextLevel([limited(level(1, 2))], SPEC, OPTIONS)).toEqual({
      action: 'run',
      level: 1,
      holdMs: 2000,
      purpose: 'probe',
    });
    const scan = [level(1, 2), level(2), limited({ ...level(4), windowGoodputPerSec: [10] })];
    expect(decideNextLevel(scan, SPEC, OPTIONS)).toEqual({ action: 'run', level: 8, holdMs: 1000, purpose: 'scan' });
    // The whole budget counts: 7 s run, 1 s of it limited.
    expect(decideNextLevel([...scan, level(8), level(16), level(32)], { ...SPEC, maxLoadMs: 7500 }, OPTIONS)).toEqual({
      action: 'stop',
      reason: 'max-duration',
    });
    expect(decideNextLevel([level(1, 2), level(2), level(4), limited(level(8))], { ...SPEC, to: 8 }, OPTIONS)).toEqual({
      action: 'run',
      level: 8,
      holdMs: 1000,
      purpose: 'scan',
    });
    // Only the probe and `to` usable: scaling broke between them, but 2 levels say nothing of
    // where; never "not reached": a level in the middle of the break.
    const sparse = [level(1, 2), ...[2, 4, 8, 16, 32, 64].map((n) => limited(level(n))), level(128)];
    expect(decideNextLevel(sparse, { ...SPEC, to: 128 }, OPTIONS)).toEqual({
      action: 'run',
      level: 11,
      holdMs: 1000,
      purpose: 'scan',
    });
  });

  it('an error rate over 5 % breaks the scaling too', () => {
    expect(scalingBreak([level(1, 2), level(2), level(4, 1, 0.051, 400, 0.2)])).toBe(2);
  });

  it('stops at `to` when goodput still scales there (not reached)', () => {
    const spec = { ...SPEC, to: 8 };
    const levels = [level(1, 2), level(2), level(4), level(8)];
    expect(decideNextLevel(levels, spec, OPTIONS)).toEqual({ action: 'stop', reason: 'not-reached' });
    expect(decideNextLevel([level(1, 2), level(2), level(4)], spec, OPTIONS)).toMatchObject({ level: 8 });
  });

  it('never plans past maxDuration: a level is shortened to the whole seconds left, or the search stops', () => {
    const levels = [level(1, 2), level(2), level(4), level(8), level(16), level(32)];
    expect(decideNextLevel(levels, { ...SPEC, maxLoadMs: 8000 }, OPTIONS)).toMatchObject({
      action: 'run',
      holdMs: 1000,
    });
    expect(decideNextLevel(levels, { ...SPEC, maxLoadMs: 7500 }, OPTIONS)).toEqual({
      action: 'stop',
      reason: 'max-duration',
    });
    expect(loadMsOf(levels)).toBe(7000);
  });
});

describe('estimateAdaptiveKnee', () => {
  it('needs 3 levels; a line still rising is censored above at its top level', () => {
    expect(estimateAdaptiveKnee(adaptivePoints([level(1, 2), level(2)]), OPTIONS)).toBeNull();
    const rising = estimateAdaptiveKnee(adaptivePoints([level(1, 2), level(2), level(4), level(8)]), OPTIONS)!;
    expect(rising.censored).toBe('above');
    expect(rising.knee).toBe(8);
  });

  it('exact pool data: the knee Xmax·R0 with an interval that holds it', () => {
    const e = estimateAdaptiveKnee(
      adaptivePoints([level(1, 2), level(4), level(16), level(26, 2), level(32)]),
      OPTIONS,
    )!;
    expect(e.censored).toBeNull();
    expect(e.knee).toBeCloseTo(20.4, 1);
    expect(e.ci95[0]).toBeLessThanOrEqual(e.knee);
    expect(e.ci95[1]).toBeGreaterThanOrEqual(e.knee);
    expect(e.xmaxPerSec).toBeCloseTo(400, 6);
  });
});

describe('the adaptive search on simulated pools (200 seeds)', () => {
  // 400 bootstrap resamples per decision here (1000 in runs) keep this test near 10 s.
  const runs = Array.from({ length: 200 }, (_, i) => {
    const seed = i + 1;
    const model = modelFor(seed);
    const run = simulateSearch(model, SPEC, seed, 400);
    return {
      truth: trueKnee(model),
      run,
      estimate: estimateAdaptiveKnee(adaptivePoints(run.levels), { samples: 400, seed }),
    };
  });

  it('the reported 95 % interval holds the true knee in at least 90 % of seeds', () => {
    const covered = runs.filter(
      (r) => r.estimate !== null && r.estimate.ci95[0] <= r.truth && r.truth <= r.estimate.ci95[1],
    );
    expect(covered.length / runs.length).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the knee within ±10 % in at least 95 % of seeds, with at most 20 s of load each', () => {
    const close = runs.filter((r) => r.estimate?.censored === null && Math.abs(r.estimate.knee / r.truth - 1) <= 0.1);
    expect(close.length / runs.length).toBeGreaterThanOrEqual(0.95);
    for (const r of runs) expect(r.run.loadMs).toBeLessThanOrEqual(20_000);
    // Most searches end on the precision rule, not on the time budget.
    expect(runs.filter((r) => r.run.stop.reason === 'precision').length).toBeGreaterThanOrEqual(180);
  });
});
