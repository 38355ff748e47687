import { describe, expect, it } from 'vitest';
import { describeBadPercent, parsePercent } from '../../src/scenario/percent.js';

describe('parsePercent', () => {
  it.each<[string | number, number]>([
    ['1%', 0.01],
    ['0.5%', 0.005],
    ['50%', 0.5],
    ['100%', 1],
    ['0%', 0],
    [0.01, 0.01],
    [0, 0],
    [1, 1],
  ])('%j -> %d', (input, fraction) => {
    expect(parsePercent(input)).toBeCloseTo(fraction, 12);
  });

  it.each<string | number>(['150%', '5', '%', '1 %', '-1%', 'five', 5, -0.1, 1.01, Number.NaN])(
    'rejects %j',
    (input) => {
      expect(parsePercent(input)).toBeUndefined();
    },
  );
});

describe('describeBadPercent', () => {
  it.each<[unknown, string]>([
    [5, 'expected a percentage like "1%" or a fraction 0..1 like 0.01, got 5 (did you mean "5%"?)'],
    ['150%', 'expected a percentage between 0% and 100%, got "150%"'],
    ['lots', 'expected a percentage like "1%" or a fraction 0..1 like 0.01, got "lots"'],
    [500, 'expected a percentage like "1%" or a fraction 0..1 like 0.01, got 500'],
  ])('%j', (input, message) => {
    expect(describeBadPercent(input)).toBe(message);
  });
});
