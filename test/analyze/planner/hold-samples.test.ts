/**
 * Issue 11, 2.4: the plan in every report comes from the empirical hold distribution (the
 * lowest level's latency histogram, shifted to the hold time), not an assumed exponential.
 * A near-constant 50 ms hold at 300 req/s with p99 ≤ 120 ms: exponential holds give a hold
 * p99 of 230 ms and INFEASIBLE; the measured distribution gives 18 connections (ρ ≤ 0.85).
 */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analyze/index.js';
import { holdSamplesMs } from '../../../src/analyze/planner/hold-samples.js';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../../src/metrics/histogram.js';
import { buildRecord, poolRows } from '../../helpers/records.js';

/** A histogram of n latencies near `ms` (±1 %), as a near-constant hold gives. */
function nearConstant(n: number, ms: number): string {
  const h = createLatencyHistogram();
  for (let i = 0; i < n; i++) recordLatencyUs(h, Math.round(ms * 1000 * (0.99 + (0.02 * i) / n)));
  const encoded = encodeHistogram(h);
  h.destroy();
  return encoded;
}

function record() {
  const r = buildRecord(
    poolRows([1, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48], { poolSize: 20, serviceMs: 50, serverTiming: true }),
  );
  const probe = r.steps[0]!;
  probe.hdr = nearConstant(probe.ok, 51);
  return r;
}

describe('plan from the empirical hold distribution', () => {
  it('near-constant 50 ms hold: 18 connections, not INFEASIBLE', () => {
    const a = analyzeRun(record(), {
      bootstrapSamples: 0,
      plan: { peakRate: 300, p99Ms: 120, pwait: undefined, maxUtilization: 0.85, spikeFactor: 1 },
    });
    expect(a.plan!.inputs['holdModel']).toBe('empirical');
    expect(a.plan!.feasible).toBe(true);
    expect(a.plan!.poolSize).toBe(18);
    expect(a.plan!.p99Ms!).toBeLessThan(120);
  });
  it('samples keep the measured shape and take the Server-Timing hold as their mean', () => {
    const samples = holdSamplesMs(record().steps, 50)!;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean).toBeCloseTo(50, 1);
    expect(Math.max(...samples) - Math.min(...samples)).toBeLessThan(1.5);
  });
  it('no usable histogram: no samples (the planner keeps its CV model)', () => {
    expect(holdSamplesMs(buildRecord(poolRows([1, 4, 8], { poolSize: 20, serviceMs: 50 })).steps, 50)).toBeUndefined();
  });
});
