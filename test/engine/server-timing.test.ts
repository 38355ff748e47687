import { describe, expect, it } from 'vitest';
import { MALFORMED, MAX_SERVER_TIMING_MS, serverTimingDurationMs } from '../../src/engine/server-timing.js';

describe('serverTimingDurationMs', () => {
  it.each([
    ['pool;dur=12.5, db;dur=50', 'pool', 12.5],
    ['pool;dur=12.5, db;dur=50', 'db', 50],
    ['db;desc="query";dur=7', 'db', 7],
    ['cache;dur=1, dbx;dur=9, db;dur=3', 'db', 3],
    ['pool;dur=0', 'pool', 0],
  ])('%s: %s = %d', (value, name, expected) => {
    expect(serverTimingDurationMs(value, name)).toBe(expected);
  });

  it('is NaN when the metric or its duration is absent', () => {
    expect(serverTimingDurationMs('cache;dur=1', 'db')).toBeNaN();
    expect(serverTimingDurationMs('db;desc=x, pool;dur=4', 'db')).toBeNaN();
    expect(serverTimingDurationMs('', 'pool')).toBeNaN();
  });
});

describe('serverTimingDurationMs on hostile values (issue #17 item 2)', () => {
  it.each([
    ['db;dur=1e400', 'db'],
    ['db;dur=-5', 'db'],
    ['db;dur=abc', 'db'],
    ['db;dur=', 'db'],
    ['db;dur=Infinity', 'db'],
    ['db;dur=NaN', 'db'],
    ['pool;dur=3600001', 'pool'],
  ])('%s is MALFORMED, never a number that reaches the record', (value, name) => {
    expect(serverTimingDurationMs(value, name)).toBe(MALFORMED);
  });

  it('reads quoted durations, a duration followed by other parameters, and the one-hour bound', () => {
    expect(serverTimingDurationMs('db;dur="12.5"', 'db')).toBe(12.5);
    expect(serverTimingDurationMs('db;dur=7;desc="q", pool;dur=1', 'db')).toBe(7);
    expect(serverTimingDurationMs('db;maxdur=9;dur=4', 'db')).toBe(4);
    expect(serverTimingDurationMs(`pool;dur=${MAX_SERVER_TIMING_MS}`, 'pool')).toBe(MAX_SERVER_TIMING_MS);
  });
});
