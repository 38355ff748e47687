import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  parseShard,
  parseShardRunOptions,
  parseStartAt,
  scheduleForShard,
  shardArrivalOffsetMs,
  shardArrivalPhase,
  shardSeed,
  shardShare,
  shareOfLevel,
  shareOfRate,
} from '../../src/scale/shard.js';
import { arrivalOffsetMs } from '../../src/engine/pacer.js';
import type { Schedule } from '../../src/scenario/types.js';
import { createRng as prng } from '../helpers/rng.js';

const shares = (f: (i: number) => number, count: number): number[] => Array.from({ length: count }, (_, i) => f(i));
const sumInOrder = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('parseShard (0-based i/n)', () => {
  it.each([
    ['0/3', { index: 0, count: 3 }],
    ['2/3', { index: 2, count: 3 }],
    [' 1 / 4 ', { index: 1, count: 4 }],
    ['0/1', { index: 0, count: 1 }],
  ])('%s', (text, expected) => {
    expect(parseShard(text)).toEqual(expected);
  });

  it.each([
    ['3/3', 'shard index 3 is out of range; indexes are 0-based, 0..2 for 3 shards'],
    ['1/0', 'the shard count must be a whole number from 1 to 1000, got 0'],
    ['-1/3', 'is not of the form i/n'],
    ['1.5/3', 'is not of the form i/n'],
    ['two/3', 'is not of the form i/n'],
    ['1/3/4', 'is not of the form i/n'],
    ['0/5000', 'from 1 to 1000'],
  ])('rejects %s with one clear line', (text, message) => {
    let caught: unknown;
    try {
      parseShard(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe('shareOfLevel', () => {
  it.each([
    { level: 10, count: 3, expected: [4, 3, 3] },
    { level: 9, count: 3, expected: [3, 3, 3] },
    { level: 2, count: 3, expected: [1, 1, 0] },
    { level: 1, count: 3, expected: [1, 0, 0] },
    { level: 0, count: 3, expected: [0, 0, 0] },
    { level: 128, count: 5, expected: [26, 26, 26, 25, 25] },
    { level: 7, count: 1, expected: [7] },
  ])('$level users over $count shards -> $expected', ({ level, count, expected }) => {
    const got = shares((i) => shareOfLevel(level, i, count), count);
    expect(got).toEqual(expected);
    expect(sumInOrder(got)).toBe(level);
  });

  it('adds up exactly and differs by at most one for every level 0..300 and 1..12 shards', () => {
    for (let count = 1; count <= 12; count++) {
      for (let level = 0; level <= 300; level++) {
        const got = shares((i) => shareOfLevel(level, i, count), count);
        expect(sumInOrder(got)).toBe(level);
        expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([[2.5], [-1], [Number.NaN]])('rejects level %s', (level) => {
    expect(() => shareOfLevel(level, 0, 3)).toThrow(UsageError);
  });

  it('rejects an index out of range', () => {
    expect(() => shareOfLevel(10, 3, 3)).toThrow('0-based');
  });
});

describe('shareOfRate', () => {
  it.each([
    { rate: 100, count: 4, expected: [25, 25, 25, 25] },
    { rate: 10, count: 3, expected: [10 / 3, 20 / 3 - 10 / 3, 10 - 20 / 3] },
    { rate: 0.5, count: 2, expected: [0.25, 0.25] },
    { rate: 0, count: 3, expected: [0, 0, 0] },
  ])('$rate/s over $count shards', ({ rate, count, expected }) => {
    const got = shares((i) => shareOfRate(rate, i, count), count);
    expect(got).toEqual(expected);
    expect(sumInOrder(got)).toBe(rate);
  });

  it('shares of fractional rates add up to the rate exactly (10 000 random rates, 1..16 shards)', () => {
    const random = prng(42);
    for (let k = 0; k < 10_000; k++) {
      const rate = random() * 10 ** (random() * 8 - 2);
      const count = 1 + Math.floor(random() * 16);
      const got = shares((i) => shareOfRate(rate, i, count), count);
      expect(sumInOrder(got)).toBe(rate);
      for (const g of got) expect(Math.abs(g - rate / count)).toBeLessThanOrEqual(rate * 1e-12);
    }
  });

  it.each([[-1], [Number.POSITIVE_INFINITY], [Number.NaN]])('rejects rate %s', (rate) => {
    expect(() => shareOfRate(rate, 0, 2)).toThrow(UsageError);
  });

  it('constant-arrival offsets interleave the shards into the single-process schedule', () => {
    const rate = 40;
    const count = 3;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const share = shareOfRate(rate, i, count);
      const offsetMs = shardArrivalOffsetMs(rate, i, count);
      for (let j = 0; j * count + i < 120; j++) times.push(offsetMs + (j * 1000) / share);
    }
    times.sort((a, b) => a - b);
    times.forEach((t, k) => expect(t).toBeCloseTo((k * 1000) / rate, 6));
  });
});

describe('shardShare (the engine share function)', () => {
  it('closed: rounds mid-ramp levels to users, then splits; shares add up to the rounded level', () => {
    const fs = shares((i) => i, 3).map((i) => shardShare('closed', { index: i, count: 3 }));
    for (const level of [0, 0.4, 1.5, 7.49, 7.5, 100.2]) {
      expect(sumInOrder(fs.map((f) => f(level)))).toBe(Math.round(level));
    }
  });

  it('open: splits rates exactly', () => {
    const fs = shares((i) => i, 3).map((i) => shardShare('open', { index: i, count: 3 }));
    expect(sumInOrder(fs.map((f) => f(123.7)))).toBe(123.7);
  });

  it('validates the shard once', () => {
    expect(() => shardShare('closed', { index: 4, count: 3 })).toThrow(UsageError);
  });
});

describe('--start-at and the run helper', () => {
  it('parses ISO instants with a zone', () => {
    expect(parseStartAt('2026-11-28T08:00:00Z')).toBe(Date.UTC(2026, 10, 28, 8, 0, 0));
    expect(parseStartAt('2026-11-28T08:00:00.250Z')).toBe(Date.UTC(2026, 10, 28, 8, 0, 0, 250));
    expect(parseStartAt('2026-11-28T09:00:00+01:00')).toBe(Date.UTC(2026, 10, 28, 8, 0, 0));
  });

  it.each(['2026-11-28T08:00:00', 'tomorrow', '2026-13-45T08:00:00Z', ''])('rejects %j', (text) => {
    expect(() => parseStartAt(text)).toThrow(/is not an ISO time with a zone/);
  });

  it('parseShardRunOptions: both, neither, and a start too far ahead', () => {
    const now = Date.UTC(2026, 10, 28, 7, 0, 0);
    expect(parseShardRunOptions({ shard: '1/3', startAt: '2026-11-28T07:01:00Z' }, now)).toEqual({
      shard: { index: 1, count: 3 },
      startAtMs: now + 60_000,
    });
    expect(parseShardRunOptions({}, now)).toEqual({ shard: undefined, startAtMs: undefined });
    expect(() => parseShardRunOptions({ startAt: '2026-11-30T07:00:00Z' }, now)).toThrow('more than 24 h from now');
  });
});

describe('scheduleForShard', () => {
  const phases: Schedule['phases'] = [
    { index: 0, kind: 'probe', label: 'probe', startMs: 0, durationMs: 4000, warmupMs: 1000, fromLevel: 1, toLevel: 1 },
  ];
  const sweepSchedule: Schedule = {
    model: 'closed',
    phases,
    totalMs: 4000,
    peakLevel: 1,
    sweep: { refine: 3, stopAfterKnee: true, holdMs: 3000, warmupMs: 1000 },
  };

  it('turns off the levels a sweep decides at run time, and says so', () => {
    const { schedule, warning } = scheduleForShard(sweepSchedule);
    expect(schedule.sweep).toEqual({ refine: 0, stopAfterKnee: false, holdMs: 3000, warmupMs: 1000 });
    expect(schedule.phases).toBe(phases);
    expect(warning).toContain('refine and stopAfterKnee are off');
    expect(sweepSchedule.sweep?.refine).toBe(3);
  });

  it('leaves stage schedules and fixed sweeps alone', () => {
    const stages: Schedule = { ...sweepSchedule, sweep: undefined };
    expect(scheduleForShard(stages)).toEqual({ schedule: stages, warning: undefined });
    const fixed: Schedule = {
      ...sweepSchedule,
      sweep: { refine: 0, stopAfterKnee: false, holdMs: 3000, warmupMs: 1000 },
    };
    expect(scheduleForShard(fixed).schedule).toBe(fixed);
  });
});

describe('shardSeed', () => {
  it("gives every shard its own seed, distinct from the engine's per-worker seeds", () => {
    const seeds = new Set<number>();
    for (let shard = 0; shard < 100; shard++)
      for (let worker = 0; worker < 64; worker++) seeds.add((shardSeed(42, shard) + worker * 7919) | 0);
    expect(seeds.size).toBe(100 * 64);
    expect(shardSeed(42, 0)).toBe(42);
  });
});

describe('shardArrivalPhase: shards interleave into the single-process schedule (issue #11 2.5)', () => {
  it('3 shards at 300/s in total: merged intended times are k · 3.33 ms, one at a time', () => {
    const times: number[] = [];
    for (let index = 0; index < 3; index++) {
      const rate = shareOfRate(300, index, 3);
      // What the engine's open model does with arrivalPhase: arrival j at x = j + phase.
      for (let j = 0; ; j++) {
        const t = arrivalOffsetMs(j + shardArrivalPhase(index, 3), rate, rate, 1000);
        if (t === Infinity) break;
        times.push(t);
      }
    }
    times.sort((a, b) => a - b);
    expect(times).toHaveLength(300);
    times.forEach((t, k) => expect(t).toBeCloseTo((k * 1000) / 300, 9));
  });

  it('stays exact on a ramp (arrival space, not a fixed time offset)', () => {
    const merged: number[] = [];
    for (let index = 0; index < 3; index++) {
      const [from, to] = [shareOfRate(100, index, 3), shareOfRate(400, index, 3)];
      for (let j = 0; ; j++) {
        const t = arrivalOffsetMs(j + shardArrivalPhase(index, 3), from, to, 2000);
        if (t === Infinity) break;
        merged.push(t);
      }
    }
    merged.sort((a, b) => a - b);
    const single: number[] = [];
    for (let k = 0; ; k++) {
      const t = arrivalOffsetMs(k, 100, 400, 2000);
      if (t === Infinity) break;
      single.push(t);
    }
    expect(merged).toHaveLength(single.length);
    merged.forEach((t, k) => expect(t).toBeCloseTo(single[k]!, 6));
  });
});
