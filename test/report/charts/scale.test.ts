import { describe, expect, it } from 'vitest';
import { formatTick, linearScale, niceStep, niceTicks } from '../../../src/report/charts/scale.js';

describe('niceTicks', () => {
  it.each([
    { min: 0, max: 394, target: 5, ticks: [0, 100, 200, 300, 400] },
    { min: 0, max: 66.6, target: 8, ticks: [0, 10, 20, 30, 40, 50, 60, 70] },
    { min: 0, max: 1.93, target: 5, ticks: [0, 0.5, 1, 1.5, 2] },
    { min: 0, max: 0.3, target: 3, ticks: [0, 0.1, 0.2, 0.3] },
    { min: 12, max: 87, target: 4, ticks: [0, 20, 40, 60, 80, 100] },
    { min: 0, max: 27, target: 10, ticks: [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25, 27.5] },
    { min: -7, max: 7, target: 4, ticks: [-10, -5, 0, 5, 10] },
  ])('[$min, $max] in about $target steps', ({ min, max, target, ticks }) => {
    const t = niceTicks(min, max, target);
    expect(t.ticks).toEqual(ticks);
    expect(t.min).toBeLessThanOrEqual(min);
    expect(t.max).toBeGreaterThanOrEqual(max);
  });

  it('handles a flat series and a reversed or non-finite input', () => {
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(50, 50).ticks[0]).toBeLessThanOrEqual(50);
    expect(niceTicks(50, 50).ticks.at(-1)).toBeGreaterThanOrEqual(50);
    expect(niceTicks(10, 0).ticks).toEqual(niceTicks(0, 10).ticks);
    expect(niceTicks(Number.NaN, Number.NaN).ticks.length).toBeGreaterThan(1);
  });

  it('only ever steps by 1, 2, 2.5 or 5 times a power of ten', () => {
    for (const range of [0.013, 0.7, 3, 17, 94, 420, 7300, 123_456]) {
      for (const target of [3, 5, 8]) {
        const step = niceStep(range, target);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 2.5, 5]).toContain(Number.parseFloat(mantissa.toPrecision(6)));
      }
    }
  });

  it('prints ticks without binary noise', () => {
    expect(niceTicks(0, 0.3, 3).ticks.map(formatTick)).toEqual(['0', '0.1', '0.2', '0.3']);
    expect(formatTick(15_000)).toBe('15k');
    expect(formatTick(2_000_000)).toBe('2M');
  });
});

describe('linearScale', () => {
  it('maps a domain onto a (possibly inverted) pixel range', () => {
    const y = linearScale([0, 400], [250, 50]);
    expect(y(0)).toBe(250);
    expect(y(400)).toBe(50);
    expect(y(200)).toBe(150);
  });

  it('does not divide by zero on an empty domain', () => {
    expect(Number.isFinite(linearScale([5, 5], [0, 100])(5))).toBe(true);
  });
});
