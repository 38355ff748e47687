import { describe, expect, it } from 'vitest';
import { levelAt, splitUsers } from '../../src/engine/share.js';

describe('splitUsers', () => {
  it.each([
    { level: 16, count: 3, shares: [6, 5, 5] },
    { level: 2, count: 4, shares: [1, 1, 0, 0] },
    { level: 0, count: 2, shares: [0, 0] },
    { level: 150, count: 4, shares: [38, 38, 37, 37] },
  ])('$level users over $count workers: $shares', ({ level, count, shares }) => {
    expect(Array.from({ length: count }, (_, i) => splitUsers(level, i, count))).toEqual(shares);
  });

  it('always adds up to the level exactly', () => {
    for (let level = 0; level <= 200; level += 7) {
      for (let count = 1; count <= 5; count++) {
        let total = 0;
        for (let i = 0; i < count; i++) total += splitUsers(level, i, count);
        expect(total).toBe(level);
      }
    }
  });
});

describe('levelAt', () => {
  it('holds and ramps linearly', () => {
    expect(levelAt(1000, 16, 16, 5000)).toBe(16);
    expect(levelAt(0, 10, 150, 5000)).toBe(10);
    expect(levelAt(2500, 10, 150, 5000)).toBe(80);
    expect(levelAt(5000, 10, 150, 5000)).toBe(150);
  });
});
