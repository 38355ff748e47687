import { describe, expect, it } from 'vitest';
import { assess, watchLine, type WatchLimits } from '../../src/watch/assess.js';

const limits: WatchLimits = { rate: 400, knee: 20, warnAt: 0.8, p99LimitMs: 120 };

describe('watch assessment', () => {
  it('ok at baseline', () => {
    expect(assess({ rate: 200, waiting: 0, inUseRatio: 0.5, timeouts: 0, p99Ms: 60 }, limits).state).toBe('ok');
  });

  it('a pool exhausted below capacity is a slowdown, not a surge', () => {
    const a = assess({ rate: 100, waiting: 5, inUseRatio: 1, timeouts: 0, p99Ms: 300 }, limits);
    expect(a).toEqual({
      state: 'pool exhausted',
      why: 'requests wait for a connection, every connection in use; traffic below capacity: a slowdown, not a surge',
    });
  });

  it('traffic past capacity is a surge, even with the pool exhausted', () => {
    expect(assess({ rate: 600, waiting: 80, inUseRatio: 1 }, limits).state).toBe('surge above capacity');
  });

  it('near capacity by rate, in-flight or latency; unknown numbers judge nothing', () => {
    expect(assess({ rate: 330 }, limits).state).toBe('near capacity');
    expect(assess({ inflight: 17 }, limits).state).toBe('near capacity');
    expect(assess({ rate: 100, p99Ms: 200 }, limits)).toEqual({
      state: 'near capacity',
      why: 'p99 above the capacity model',
    });
    expect(assess({ rate: Number.NaN }, { ...limits, rate: null }).state).toBe('ok');
  });

  it('prints one line with the numbers', () => {
    const r = { rate: 100, waiting: 5, inUseRatio: 1 };
    const line = watchLine(new Date('2026-12-02T06:00:05Z'), r, limits, assess(r, limits));
    expect(line).toBe(
      '06:00:05  pool exhausted        rate 100/400 req/s · in-flight n/a/20 · ' +
        'pool 100% in use, 5 waiting · acquire timeouts n/a · p99 n/a ms' +
        '  (requests wait for a connection, every connection in use; traffic below capacity: a slowdown, not a surge)',
    );
  });
});
