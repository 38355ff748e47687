/** ANALYSIS.md §6 T11 and §4.3: the pool planner. */
import { describe, expect, it } from 'vitest';
import { planPool, spikeFigures } from '../../../src/analyze/planner/index.js';
import { poolSearchRange } from '../../../src/analyze/planner/erlang.js';

const base = { ratePerSec: 1000, holdMs: 50 };

describe('T11 pool planner (λ = 1000, S = 50 ms)', () => {
  it('exponential S, p99 < 200 ms is INFEASIBLE: hold time p99 = 230 ms', () => {
    const r = planPool({ ...base, holdCv: 1, targetMs: 200, maxUtilization: 1 });
    expect(r.feasible).toBe(false);
    expect(r.poolSize).toBeNull();
    expect(r.reason).toContain('hold time p99 = 230 ms');
  });
  it('exponential S, p99 < 250 ms needs c = 53', () => {
    const r = planPool({ ...base, holdCv: 1, targetMs: 250, maxUtilization: 1 });
    expect(r.poolSize).toBe(53);
    expect(r.p99Ms!).toBeLessThan(250);
    expect(r.p99Ms!).toBeGreaterThan(235);
  });
  it.each([
    [0.05, 64],
    [0.2, 58],
    [0.5, 54],
  ])('P(wait) ≤ %f needs c = %i', (pwait, c) => {
    expect(planPool({ ...base, pwaitMax: pwait, maxUtilization: 1 }).poolSize).toBe(c);
  });
  it('deterministic S, p99 < 200 ms: c = 51 without a cap, 59 with ρ ≤ 0.85', () => {
    expect(planPool({ ...base, holdCv: 0, targetMs: 200, maxUtilization: 1 }).poolSize).toBe(51);
    const capped = planPool({ ...base, holdCv: 0, targetMs: 200 });
    expect(capped.poolSize).toBe(59);
    expect(capped.utilization!).toBeLessThanOrEqual(0.85);
  });
  it('reports the M/M/c figures of the worked example at c = 55', () => {
    const r = planPool({ ...base, holdCv: 1, pwaitMax: 0.39, maxUtilization: 1 });
    expect(r.poolSize).toBe(55);
    expect(r.pWait!).toBeCloseTo(0.385, 2);
    expect(r.meanWaitMs!).toBeCloseTo(3.85, 1); // §4.1: model 3.85 ms vs 3.88 simulated
  });
  it('empirical hold samples are mixed in (constant samples behave like deterministic S)', () => {
    const r = planPool({ ...base, holdSamplesMs: [50, 50, 50, 50], targetMs: 200, maxUtilization: 1 });
    expect(r.poolSize).toBe(51);
    expect(r.inputs['holdModel']).toBe('empirical');
  });
  it('spike report: Xmax 400, λ_peak 500, T_acq 1 s absorbs ≈ 4 s; headroom −20 %', () => {
    const s = spikeFigures({ currentCapacityPerSec: 400, peakRatePerSec: 500, acquireTimeoutMs: 1000 }, null);
    expect(s.absorbableSpikeSec!).toBeCloseTo(4, 6);
    expect(s.headroom!).toBeCloseTo(-0.2, 6);
  });
  it('prints the caveats of §4.2', () => {
    const r = planPool({ ...base, targetMs: 250 });
    expect(r.notes.join(' ')).toMatch(/planned concurrency/);
    expect(r.notes.join(' ')).toMatch(/peak rate/);
  });
});

describe('large offered loads (issue #17 item 6)', () => {
  it('sizes 15,000 erlangs: the search starts at the utilization cap, not below it', () => {
    const plan = planPool({ ratePerSec: 300_000, holdMs: 50, targetMs: 250, maxUtilization: 0.85 });
    expect(plan.feasible).toBe(true);
    expect(plan.poolSize).toBe(Math.ceil(15_000 / 0.85));
    expect(plan.utilization).toBeLessThanOrEqual(0.85);
  });

  it('bounds the search by the offered load, and refuses loads beyond the planner', () => {
    expect(poolSearchRange(100, 0.5)).toEqual({ from: 200, to: 200 + 20 * 10 + 100 });
    expect(poolSearchRange(10.5)).toEqual({ from: 11, to: 11 + 20 * Math.sqrt(10.5) + 100 });
    const absurd = planPool({ ratePerSec: 1e11, holdMs: 50, targetMs: 250 });
    expect(absurd.feasible).toBe(false);
    expect(absurd.reason).toMatch(/beyond what the planner sizes/);
  });
});
