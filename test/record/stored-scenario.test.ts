import { describe, expect, it } from 'vitest';
import { statusRanges } from '../../src/record/stored-scenario.js';

describe('statusRanges (expect.status as a record stores it)', () => {
  it('writes runs of three or more as ranges, the rest as numbers', () => {
    expect(statusRanges(Array.from({ length: 100 }, (_, i) => 200 + i))).toEqual(['200-299']);
    expect(statusRanges([304, 200, 201, 404, 202])).toEqual(['200-202', 304, 404]);
    expect(statusRanges([200, 201])).toEqual([200, 201]);
    expect(statusRanges([])).toEqual([]);
  });
});
