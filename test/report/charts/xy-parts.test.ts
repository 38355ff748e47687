import { describe, expect, it } from 'vitest';
import { decimate } from '../../../src/report/charts/xy-parts.js';

describe('decimate', () => {
  it('passes short series through and keeps extremes of long ones', () => {
    const short: [number, number][] = [
      [0, 1],
      [1, 2],
    ];
    expect(decimate(short, 100)).toEqual(short);
    // 3600 one-second windows on 600 px: one spike of 500 among ones.
    const long: [number, number][] = Array.from({ length: 3600 }, (_, i) => [i / 6, i === 1234 ? 500 : 1]);
    const kept = decimate(long, 600);
    expect(kept.length).toBeLessThanOrEqual(600 * 4 + 4);
    expect(kept.length).toBeLessThan(long.length / 2);
    expect(kept.some(([, y]) => y === 500)).toBe(true);
    expect(kept[0]).toEqual(long[0]);
    expect(kept.at(-1)).toEqual(long.at(-1));
  });
});
