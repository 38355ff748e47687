import { describe, expect, it } from 'vitest';
import { resample, sparkline, textBar } from '../../src/report/text-chart.js';

describe('textBar', () => {
  it('is always exactly as wide as asked', () => {
    for (const v of [0, 0.1, 1, 7.3, 10, 11, Number.NaN]) expect([...textBar(v, 10, 12)].length).toBe(12);
  });

  it('fills proportionally with eighth-block resolution', () => {
    expect(textBar(10, 10, 4)).toBe('████');
    expect(textBar(5, 10, 4)).toBe('██  ');
    expect(textBar(1, 16, 2)).toBe('▏ ');
    expect(textBar(0, 10, 3)).toBe('   ');
  });
});

describe('sparkline and resample', () => {
  it('scales from the lowest to the highest block', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });

  it('keeps a short spike visible when reducing by max', () => {
    const values = [...Array(99).fill(1), 100];
    expect(resample(values, 10, 'max').at(-1)).toBe(100);
    expect(resample(values, 10, 'mean').at(-1)).toBeCloseTo(10.9, 5);
    expect(resample([1, 2, 3], 10, 'max')).toEqual([1, 2, 3]);
  });
});
