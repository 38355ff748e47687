import { describe, expect, it } from 'vitest';
import { estimatePoolSize, holdShare } from '../../../src/analyze/knee/pool.js';
import type { StepSummary } from '../../../src/analyze/types.js';

const step = (serverTiming: StepSummary['serverTiming']): StepSummary => ({ serverTiming }) as StepSummary;

describe('estimatePoolSize', () => {
  it("Little's law over the pool: Xmax × hold when every ok response held a connection", () => {
    const p = estimatePoolSize(400, [380, 420], 50, 55);
    expect(p).toMatchObject({ basis: 'server-timing', holdMs: 50 });
    expect(p!.size).toBeCloseTo(20, 10);
    expect(p!.ci95[0]).toBeCloseTo(19, 10);
    expect(p!.ci95[1]).toBeCloseTo(21, 10);
  });

  it('only the share of ok responses that held one counts (login and catalogue need no connection)', () => {
    // checkout-flow.yml: ~600 ok/s, 1 in 6 a checkout holding one of 5 connections for 50 ms
    expect(estimatePoolSize(600, null, 50, 45, 1 / 6)!.size).toBeCloseTo(5, 10);
  });

  it('without Server-Timing: the upper bound Xmax × R0, whatever the share', () => {
    expect(estimatePoolSize(600, null, null, 45, 1 / 6)).toMatchObject({ basis: 'upper-bound', size: 27 });
  });
});

describe('holdShare', () => {
  it('the median share of the steps that report one; 1 when none does', () => {
    expect(
      holdShare([
        step({ holdMs: 50, waitMs: 0, share: 0.2 }),
        step({ holdMs: 50, waitMs: 9, share: 0.25 }),
        step({ holdMs: 50, waitMs: 1, share: 0.3 }),
      ]),
    ).toBeCloseTo(0.25, 10);
    expect(holdShare([step({ holdMs: 50, waitMs: 0 }), step(null)])).toBe(1);
    expect(holdShare([])).toBe(1);
  });
});
