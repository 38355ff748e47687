import { describe, expect, it } from 'vitest';
import { checkStopRule } from '../../src/engine/stop-rule.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';

const w = (index: number, ok: number, errorCount: number): WindowSnapshot =>
  ({ index, tMs: index * 1000, durationMs: 1000, ok, errorCount, dropped: 0 }) as WindowSnapshot;
const rule = { errorRate: 0.5, windowMs: 3000, minRequests: 10 };

describe('checkStopRule', () => {
  it('stops when the error rate over the sliding window reaches the limit, naming it', () => {
    const reason = checkStopRule([w(0, 100, 0), w(1, 10, 40), w(2, 10, 40), w(3, 10, 40)], rule);
    expect(reason).toBe('safety stop: error rate 80% over the last 3 s reached stop.errorRate 50%');
  });

  it('looks only at the last windowMs', () => {
    expect(checkStopRule([w(0, 0, 100), w(1, 100, 0), w(2, 100, 0), w(3, 100, 0)], rule)).toBeUndefined();
  });

  it('needs minRequests before it judges', () => {
    expect(checkStopRule([w(0, 0, 3), w(1, 0, 3)], rule)).toBeUndefined();
    expect(checkStopRule([w(0, 0, 6), w(1, 0, 6)], rule)).toMatch(/^safety stop: error rate 100%/);
  });

  it('is quiet with no windows', () => {
    expect(checkStopRule([], rule)).toBeUndefined();
  });
});

describe('drops are their own cause (issue #17)', () => {
  it('a stop caused by dropped arrivals says so instead of "error rate 100%"', () => {
    const windows = [0, 1, 2].map((i) => ({ ...w(i, 0, 0), dropped: 1000 }) as WindowSnapshot);
    expect(checkStopRule(windows, rule)).toBe(
      'safety stop: 100% of arrivals dropped (over maxInFlight, never sent) ' +
        'and 0.0% failed over the last 3 s reached stop.errorRate 50%',
    );
  });
});
