import { describe, expect, it } from 'vitest';
import { parseTolerance } from '../../src/gate/tolerance.js';

describe('parseTolerance', () => {
  it.each([
    ['10%', 0.1],
    ['7.5%', 0.075],
    ['0.2', 0.2],
    ['.05', 0.05],
  ])('parses --tolerance %s', (text, value) => {
    expect(parseTolerance(text)).toBeCloseTo(value, 12);
  });
  it.each(['0', '10', '100%', 'ten', '-5%', ''])('rejects --tolerance %j', (text) => {
    expect(() => parseTolerance(text)).toThrow(/not a percentage/);
  });
});
