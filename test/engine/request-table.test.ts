import { describe, expect, it } from 'vitest';
import { cumulativeWeights } from '../../src/engine/request-table.js';

describe('cumulativeWeights', () => {
  it('sums the weights in order, the last being the total', () => {
    expect([...cumulativeWeights([{ weight: 3 }, { weight: 1 }, { weight: 6 }])]).toEqual([3, 4, 10]);
  });

  it('counts a negative weight as 0, so that item is never picked', () => {
    expect([...cumulativeWeights([{ weight: 2 }, { weight: -5 }, { weight: 0.5 }])]).toEqual([2, 2, 2.5]);
  });
});
