import { describe, expect, it } from 'vitest';
import { addCounts, compactCounts } from '../../src/metrics/counts.js';

describe('addCounts / compactCounts', () => {
  it('adds counts by key', () => {
    const into: Record<string, number> = { '200': 3 };
    addCounts(into, { '200': 2, '503': 1 });
    addCounts(into, { 'http-503': 4 });
    expect(into).toEqual({ '200': 5, '503': 1, 'http-503': 4 });
  });

  it('keeps every entry, integer-like keys included, in a new object', () => {
    const status: Record<string, number> = {};
    status['503'] = 2;
    status['0'] = 1;
    status['200'] = 7;
    const compact = compactCounts(status);
    expect(compact).toEqual({ '0': 1, '200': 7, '503': 2 });
    expect(compact).not.toBe(status);
    expect(compactCounts({})).toEqual({});
  });
});
