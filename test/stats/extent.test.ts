import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../../src/stats/index.js';

describe('minOf / maxOf', () => {
  it('answer as Math.min/max for small input, empty input and NaN', () => {
    expect(minOf([3, 1, 2])).toBe(1);
    expect(maxOf([3, 1, 2])).toBe(3);
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([])).toBe(-Infinity);
    expect(maxOf([1, Number.NaN, 3])).toBeNaN();
    expect(maxOf([1, 2], 5)).toBe(5);
    expect(minOf([4, 2], 3)).toBe(2);
  });

  it('take a day of one-second windows and more without overflowing the stack (Math.max(...) does not)', () => {
    const values = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 100_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(maxOf(values)).toBe(100_002);
    expect(minOf(values)).toBe(0);
  });
});
