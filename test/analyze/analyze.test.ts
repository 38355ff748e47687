/**
 * analyzeRun end to end on synthetic records: verdicts and their sentences, confidence,
 * Server-Timing pool estimates, generator-limited and client-queueing runs, spikes, SLOs,
 * the probe signal, determinism, and the refinement helper for the engine.
 */
import { describe, expect, it } from 'vitest';
import { analyzeOptionsFor, analyzeRun, suggestRefinementLevels } from '../../src/analyze/index.js';
import { buildRecord, poolRows, type StepRow } from '../helpers/records.js';
import { joinRegExp } from '../helpers/regex.js';

const SWEEP = [1, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48];

describe('closed sweeps', () => {
  it('P=20, S=50 ms, Server-Timing: pool-exhaustion, knee 20 ± 2, P̂ 20 ± 1.5, high confidence, the sentence', () => {
    const a = analyzeRun(
      buildRecord(poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true }), { bucketCv: 0.05 }),
      { bootstrapSamples: 300 },
    );
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.shape).toBe('plateau');
    expect(a.reason).toBe('throughput-plateau');
    expect(a.confidence).toBe('high');
    expect(Math.abs(a.knee!.concurrency - 20)).toBeLessThanOrEqual(2);
    expect(a.knee!.ci95[0]).toBeLessThanOrEqual(a.knee!.concurrency);
    expect(Math.abs(a.maxThroughputPerSec!.value / 400 - 1)).toBeLessThanOrEqual(0.05);
    expect(a.poolEstimate!.basis).toBe('server-timing');
    expect(Math.abs(a.poolEstimate!.size - 20)).toBeLessThanOrEqual(1.5);
    expect(a.queueing!.confirmed).toBe(true);
    expect(a.queueing!.slopeMsPerRequest).toBeCloseTo(2.5, 1);
    expect(a.summary).toMatch(
      joinRegExp([
        /^Pool exhaustion begins at ~2[01] concurrent requests \(95% CI \d+(–\d+)?\): /,
        /goodput plateaus at \d+ req\/s while latency grows 2\.5 ms per extra request; /,
        /estimated pool 20 connections( \(95% CI [\d–]+\))? \(Server-Timing\)\.$/,
      ]),
    );
  });
  it('P=8, S=20 ms, no server-side evidence: knee 8 ± 1.5, saturation like a pool, resource unknown', () => {
    const a = analyzeRun(buildRecord(poolRows([1, 2, 4, 6, 8, 10, 12, 16, 24, 32], { poolSize: 8, serviceMs: 20 })), {
      bootstrapSamples: 100,
    });
    expect(Math.abs(a.knee!.concurrency - 8)).toBeLessThanOrEqual(1.5);
    expect(a.poolEstimate!.basis).toBe('upper-bound');
    // The N/X queueing signature alone fits a pool, worker threads and CPU alike (ANALYSIS.md §9.1).
    expect(a.verdict).toBe('saturation');
    expect(a.bottleneck!.resource).toBe('unknown');
    expect(a.bottleneck!.settle).toContain('`postgres` probe');
    expect(a.summary).toMatch(
      /The limit behaves like a bounded pool of ≈ 8(\.\d)? \(throughput flat, latency = N\/X\)/,
    );
    expect(a.summary).toContain('cannot tell a database pool from worker threads or CPU');
  });
  it('no pool in range: not-reached, knee censored above, never an edge value in words', () => {
    const a = analyzeRun(buildRecord(poolRows([1, 2, 4, 8, 12, 16], { poolSize: 64, serviceMs: 50 })), {
      bootstrapSamples: 50,
    });
    expect(a.verdict).toBe('not-reached');
    expect(a.knee!.censored).toBe('above');
    expect(a.confidence).toBe('n/a');
    expect(a.reason).toBeNull();
    expect(a.maxThroughputPerSec!.censored).toBe(true);
    expect(a.summary).toMatch(/^No capacity limit reached up to 16 concurrent requests: .*the knee is above 16/);
  });
  it('generator-limited run: inconclusive with the reason, never a pool', () => {
    const rows: StepRow[] = poolRows(SWEEP, { poolSize: 64, serviceMs: 50 }).map((r) =>
      r.level >= 12 ? { ...r, goodputPerSec: (10 * 1000) / 51, generatorSaturated: true } : r,
    );
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('inconclusive');
    expect(a.poolEstimate === null || a.verdict !== 'pool-exhaustion').toBe(true);
    expect(a.summary).toMatch(/^Inconclusive: the load generator, not the target, limited the run from 12/);
    expect(a.excludedSteps.map((e) => e.why.replace(/ \(.*\)$/, ''))).toContain('generator-saturated');
    expect(a.signals.some((s) => s.kind === 'generator-saturated' && s.at === 12)).toBe(true);
  });
  it('a few generator-saturated steps with a clean plateau beyond the knee: the verdict stands, confidence low', () => {
    const rows: StepRow[] = poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true }).map((r) =>
      r.level === 20 || r.level === 32 ? { ...r, generatorSaturated: true } : r,
    );
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.confidence).toBe('low');
    expect(a.excludedSteps).toHaveLength(2);
    expect(Math.abs(a.knee!.concurrency - 20)).toBeLessThanOrEqual(2);
  });
  it('client-side queueing (Server-Timing gap on the plateau): inconclusive, not a pool of 10', () => {
    // The generator holds 10 sockets: the target never queues (wait 0) but clients do.
    const rows = poolRows(SWEEP, { poolSize: 10, serviceMs: 50 }).map((r) => ({
      ...r,
      serverTiming: { holdMs: 50, waitMs: 0 },
    }));
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('inconclusive');
    expect(a.signals.some((s) => s.kind === 'client-queueing')).toBe(true);
    expect(a.summary).toMatch(/queued inside the load generator/);
  });
  it('few usable steps: inconclusive, says what to do', () => {
    const a = analyzeRun(buildRecord(poolRows([8, 16], { poolSize: 20, serviceMs: 50 })), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('inconclusive');
    expect(a.summary).toMatch(/^Inconclusive: only 2 usable level/);
  });
  it('saturated from the first level: a bound, not a value', () => {
    const a = analyzeRun(buildRecord([30, 60, 90].map((level) => ({ level, goodputPerSec: 400 }))), {
      bootstrapSamples: 0,
    });
    expect(a.shape).toBe('saturated-from-start');
    expect(a.knee!.censored).toBe('below');
    expect(a.summary).toMatch(/knee is at or below 30/);
  });
  it('retrograde and smooth shapes get their own sentences', () => {
    const xs = [1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64, 80, 96];
    const ys = [21, 40, 79, 157, 234, 315, 393, 389, 372, 360, 336, 317, 281, 252, 228];
    const retro = analyzeRun(buildRecord(xs.map((level, i) => ({ level, goodputPerSec: ys[i]! }))), {
      bootstrapSamples: 100,
    });
    expect(retro.shape).toBe('retrograde');
    expect(retro.summary).toMatch(/peaks at \d+ req\/s and falls beyond it/);
    const ns = [1, 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128];
    const usl = (n: number): number => (20 * n) / (1 + 0.02 * (n - 1) + 0.0005 * n * (n - 1));
    const smooth = analyzeRun(buildRecord(ns.map((level) => ({ level, goodputPerSec: usl(level) }))), {
      bootstrapSamples: 30,
    });
    expect(smooth.shape).toBe('smooth');
    expect(smooth.verdict).toBe('saturation');
    expect(smooth.usl!.nPeak!).toBeCloseTo(44.3, 0);
    expect(smooth.summary).toMatch(/^Saturation begins at ~16 concurrent requests.*USL/);
  });
  it('is deterministic for a seed', () => {
    const rec = buildRecord(poolRows(SWEEP, { poolSize: 20, serviceMs: 50 }), { bucketCv: 0.1 });
    expect(analyzeRun(rec, { bootstrapSamples: 100, seed: 5 })).toEqual(
      analyzeRun(rec, { bootstrapSamples: 100, seed: 5 }),
    );
  });
});

describe('probe signal', () => {
  it('pool waiting > 0 first at the level whose windows contain the sample', () => {
    const rows = poolRows(SWEEP, { poolSize: 20, serviceMs: 50 });
    // Levels are 10 s each: level 24 (index 6) spans 60–70 s.
    const series = [10_000, 30_000, 55_000, 63_500, 80_000].map((tMs) => ({
      tMs,
      values: { db_pool_in_use: 5, db_pool_waiting: tMs >= 63_000 ? 3 : 0 },
    }));
    const a = analyzeRun(buildRecord(rows, { probes: [{ name: 'app', kind: 'prometheus', series, warnings: [] }] }), {
      bootstrapSamples: 0,
    });
    const sig = a.signals.find((s) => s.kind === 'probe')!;
    expect(sig.at).toBe(24);
    expect(sig.detail).toContain('pool waiting > 0 first at level 24');
  });
});

describe('spikes (stage scenarios)', () => {
  it('baseline, peak, errors, time to first error and recovery of a spike stage', () => {
    const rows: StepRow[] = [
      { level: 10, goodputPerSec: 196, kind: 'stage', label: 'base', seconds: 20, p99Ms: 55 },
      {
        level: 150,
        goodputPerSec: 400,
        kind: 'stage',
        label: 'spike',
        seconds: 10,
        errorsPerSec: 0,
        p99Ms: 900,
        errorSamples: ['http-503: timeout acquiring connection'],
        windowErrors: [0, 0, 0, 12, 30, 40, 40, 40, 40, 40],
        windowP99Ms: [80, 200, 400, 600, 900, 900, 900, 900, 900, 900],
      },
      {
        level: 10,
        goodputPerSec: 196,
        kind: 'stage',
        label: 'recovery',
        seconds: 20,
        p99Ms: 55,
        windowP99Ms: [700, 400, 120, 60, 80, 58, 55, 54, 55, 56, 55, 54, 55, 55, 56, 55, 54, 55, 55, 55],
      },
    ];
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0 });
    expect(a.spikes).toHaveLength(1);
    const s = a.spikes[0]!;
    expect(s.stage).toBe('spike');
    expect(s.baselineLatencyMs).toBe(55);
    expect(s.peakLatencyMs).toBe(900);
    expect(s.errors).toBeGreaterThan(0);
    expect(s.timeToFirstErrorMs).toBe(3000);
    // Window 5 of recovery (p99 58) is the first from which p99 stays ≤ 66 ms.
    expect(s.recoveryMs).toBe(5000);
    // Stage runs are judged by their bounds now (they used to be 'inconclusive'): ×15 the
    // concurrency gave ×2 goodput, with 503s, so the pool is exhausted at Xmax·R0.
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.summary).toBe(
      'Pool exhaustion under the spike: at 150 concurrent requests goodput stayed at ~400 req/s ' +
        '(capacity ≈ 20 concurrent requests at 51 ms each) while p99 rose from 55 ms to 900 ms ' +
        'and 5.7 % of requests failed with pool acquire timeouts; latency recovered 5 s after the spike; ' +
        'estimated pool at most 20 connections (upper bound Xmax·R0: no Server-Timing). ' +
        'A surge: errors began at 150 concurrent requests offered, at or above the ≈ 20 concurrent requests ' +
        '(400 req/s) the service carries: more load than capacity, not a slower service.',
    );
  });
  it('recovery is null when latency never returns', () => {
    const rows: StepRow[] = [
      { level: 10, goodputPerSec: 196, kind: 'stage', label: 'base', p99Ms: 55 },
      { level: 100, goodputPerSec: 400, kind: 'stage', label: 'spike', p99Ms: 500 },
      { level: 10, goodputPerSec: 196, kind: 'stage', label: 'after', p99Ms: 300 },
    ];
    expect(analyzeRun(buildRecord(rows), { bootstrapSamples: 0 }).spikes[0]!.recoveryMs).toBeNull();
  });
});

describe('SLOs', () => {
  it('per step and overall; capacity at SLO is the highest level meeting every SLO', () => {
    const rows = poolRows(SWEEP, { poolSize: 20, serviceMs: 50 }).map((r) => ({
      ...r,
      p99Ms: (r.level / r.goodputPerSec) * 1000 * 1.2,
    }));
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0, slo: { p99Ms: 80, errorRate: 0.01 } });
    const p99At = (label: string) => a.slo.find((r) => r.metric === 'p99' && r.scope === label)!;
    expect(p99At('c=24').pass).toBe(true); // 24/400·1.2 = 72 ms
    expect(p99At('c=28').pass).toBe(false); // 84 ms
    expect(a.capacityAtSlo).toBe(24);
    expect(a.slo.filter((r) => r.scope === 'overall').map((r) => r.metric)).toEqual(['p99', 'errorRate']);
    expect(a.signals.some((s) => s.kind === 'slo-breach' && s.at === 28)).toBe(true);
  });
  it('no SLOs: nothing evaluated', () => {
    const a = analyzeRun(buildRecord(poolRows(SWEEP, { poolSize: 20, serviceMs: 50 })), { bootstrapSamples: 0 });
    expect(a.slo).toEqual([]);
    expect(a.capacityAtSlo).toBeNull();
  });
});

describe('plan block', () => {
  it('headroom and recommended pool against plan.peakRate', () => {
    const a = analyzeRun(buildRecord(poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true })), {
      bootstrapSamples: 0,
      acquireTimeoutMs: 1000,
      plan: { peakRate: 500, p99Ms: 250, pwait: undefined, maxUtilization: 0.85, spikeFactor: 1 },
    });
    expect(a.plan!.feasible).toBe(true);
    expect(a.plan!.headroom!).toBeCloseTo(-0.2, 2);
    expect(a.plan!.absorbableSpikeSec!).toBeCloseTo(4, 1);
    expect(a.plan!.poolSize!).toBeGreaterThanOrEqual(30);
  });
});

describe('suggestRefinementLevels', () => {
  it('bisects the knee bracket with untested levels', () => {
    const pts = [1, 2, 4, 8, 16, 32, 64].map((level) => ({
      level,
      goodputPerSec: Math.min(level / 0.051, 400),
      errorRate: 0,
    }));
    const levels = suggestRefinementLevels(pts, 3);
    expect(levels).toEqual([20, 24, 28]);
  });
  it('refines the error bracket when errors start before the fitted knee, and nothing when censored', () => {
    const pts = [1, 2, 4, 8, 16, 32].map((level) => ({
      level,
      goodputPerSec: level * 19.6,
      errorRate: level >= 16 ? 0.3 : 0,
    }));
    expect(suggestRefinementLevels(pts, 3)).toEqual([10, 12, 14]);
    expect(
      suggestRefinementLevels(
        pts.map((p) => ({ ...p, errorRate: 0 })),
        3,
      ),
    ).toEqual([]);
  });
});

describe('analyzeOptionsFor', () => {
  it('takes SLOs, the plan block, the demo acquire timeout and think time from a scenario', () => {
    const options = analyzeOptionsFor({
      slo: { p99Ms: 300 },
      plan: { peakRate: 1200, p99Ms: 250, pwait: undefined, maxUtilization: 0.85, spikeFactor: 1 },
      target: {
        url: undefined,
        timeoutMs: 2000,
        headers: {},
        demo: {
          pool: 20,
          holdMs: 50,
          acquireTimeoutMs: 1000,
          failFast: false,
          backend: 'memory',
          databaseUrl: undefined,
        },
      },
      load: {
        model: 'closed',
        think: { minMs: 0, maxMs: 100 },
        arrivals: 'constant',
        seed: 1,
        maxInFlight: 10_000,
        stages: undefined,
        sweep: undefined,
      },
    });
    expect(options).toEqual({
      slo: { p99Ms: 300 },
      plan: { peakRate: 1200, p99Ms: 250, pwait: undefined, maxUtilization: 0.85, spikeFactor: 1 },
      thinkTime: true,
      acquireTimeoutMs: 1000,
    });
  });
});
