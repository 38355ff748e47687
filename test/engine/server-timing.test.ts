import { describe, expect, it } from 'vitest';
import { serverTimingDurationMs } from '../../src/engine/server-timing.js';

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
