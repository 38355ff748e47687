/**
 * Attribution (ANALYSIS.md §9.1, issue 11 §1) on synthetic records: the same client-side
 * plateau is a connection pool, CPU, downstream, admission or unknown depending on the
 * server-side evidence, and conflicting evidence lowers the confidence.
 */
import { describe, expect, it } from 'vitest';
import { timingClues } from '../../../src/analyze/bottleneck/timing-clues.js';
import { analyzeRun } from '../../../src/analyze/index.js';
import { toStepSummaries } from '../../../src/analyze/steps.js';
import type { ProbeSeries } from '../../../src/record/types.js';
import { buildRecord, buildSteps, poolRows, type StepRow } from '../../helpers/records.js';

const SWEEP = [1, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48];
const STEP_MS = 10_000;

/** One probe sample per second of each step (synthetic records lay steps 10 s apart). */
function probe(
  name: string,
  kind: ProbeSeries['kind'],
  valuesAt: (level: number) => Record<string, number>,
): ProbeSeries {
  const series = SWEEP.flatMap((level, i) =>
    Array.from({ length: 10 }, (_, k) => ({ tMs: i * STEP_MS + k * 1000 + 500, values: valuesAt(level) })),
  );
  return { name, kind, series, warnings: [] };
}

const plateau = (): StepRow[] => poolRows(SWEEP, { poolSize: 20, serviceMs: 50 });

describe('attribution', () => {
  it('no server-side view: saturation, resource unknown, settle names a probe; never pool-exhaustion', () => {
    const a = analyzeRun(buildRecord(plateau()), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('saturation');
    expect(a.bottleneck).toMatchObject({ resource: 'unknown', evidence: [{ source: 'latency' }] });
    expect(a.bottleneck!.limit).toBeCloseTo(a.knee!.concurrency, 6);
    expect(a.bottleneck!.settle).toMatch(/`postgres` probe .*process_cpu_seconds_total.*Server-Timing/);
  });
  it('process_cpu_seconds_total flat at 1 core from the knee on: cpu, verdict saturation', () => {
    const cpu = probe('app', 'prometheus', (n) => ({ up: 1, process_cpu_seconds_total: Math.min(n / 20, 1) * 0.98 }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [cpu] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('saturation');
    expect(a.bottleneck!.resource).toBe('cpu');
    expect(a.bottleneck!.evidence[0]!.text).toMatch(/stays at 0\.98 cores \(≈ 1\)/);
    expect(a.bottleneck!.settle).toBeNull();
    expect(a.summary).toContain('the limit is the CPU');
  });
  it('a CPU rate flat at 0.6 cores is not a whole core: no cpu verdict', () => {
    const cpu = probe('app', 'prometheus', (n) => ({ process_cpu_seconds_total: Math.min(n / 20, 1) * 0.6 }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [cpu] }), { bootstrapSamples: 50 });
    expect(a.bottleneck!.resource).toBe('unknown');
  });
  it('pg_stat_activity pinned at 20 from the knee on: connection-pool, pool size 20 read from it', () => {
    const pg = probe('db', 'postgres', (n) => ({ up: 1, connections_active: Math.min(n, 20), max_connections: 100 }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [pg] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.bottleneck!.resource).toBe('connection-pool');
    expect(a.bottleneck!.evidence[0]!.text).toMatch(/^pg_stat_activity: active connections .* stay at 20/);
    expect(a.poolEstimate).toMatchObject({ size: 20, method: 'pg-stat-activity' });
    expect(a.summary).toContain('pool of 20 connections (PostgreSQL active connections pinned from the knee on)');
  });
  it('a step past the knee that reads two connections low (a scrape between queries) is still a pinned pool', () => {
    // The CI failure of stop 18: PostgreSQL 15 read 10, 10, 8, 10 past the knee; a dip is not a climb.
    const levels = SWEEP.filter((n) => n >= 20);
    const dipAt = levels[levels.length - 2];
    const pg = probe('db', 'postgres', (n) => ({ connections_active: n === dipAt ? 18 : Math.min(n, 20) }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [pg] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.bottleneck!.against).toEqual([]);
    expect(a.poolEstimate).toMatchObject({ size: 20, method: 'pg-stat-activity' });
  });
  it('active connections that climb past the knee and then dip are not a pinned pool', () => {
    const pg = probe('db', 'postgres', (n) => ({
      connections_active: n >= 20 ? Math.min(n, 40) - (n === SWEEP.at(-1) ? 2 : 0) : n,
    }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [pg] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('saturation');
    expect(a.bottleneck!.against.map((x) => x.text).join(' ')).toContain('keep rising past the knee');
  });
  it('active connections still rising past the knee point away from the database pool', () => {
    const pg = probe('db', 'postgres', (n) => ({ connections_active: n }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [pg] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('saturation');
    expect(a.bottleneck!.against.map((x) => x.text).join(' ')).toContain('keep rising past the knee');
  });
  it('pool gauges: waiters > 0 first at the knee: connection-pool', () => {
    const gauges = probe('app', 'prometheus', (n) => ({
      db_pool_size: 20,
      db_pool_in_use: Math.min(n, 20),
      db_pool_waiting: Math.max(0, n - 20),
    }));
    const a = analyzeRun(buildRecord(plateau(), { probes: [gauges] }), { bootstrapSamples: 50 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.bottleneck!.evidence[0]).toMatchObject({ source: 'probe app' });
    expect(a.bottleneck!.evidence[0]!.text).toMatch(/pool (in use = max|waiters > 0)/);
  });
  it('Server-Timing db time growing with load while pool wait stays 0: downstream', () => {
    const rows = plateau().map((r) => ({ ...r, serverTiming: { holdMs: 20 + r.level * 1.5, waitMs: 0 } }));
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 50 });
    expect(a.bottleneck!.resource).toBe('downstream');
    expect(a.verdict).toBe('saturation');
  });
  it('Server-Timing pool wait stays 0 while latency grows: a doubt against the pool', () => {
    // analyzeRun reads this gap as queueing inside the generator (inconclusive), so the
    // attribution step is checked on its own frame.
    const rows = plateau().map((r) => ({ ...r, serverTiming: { holdMs: 50, waitMs: 0 } }));
    const { steps, windows } = buildSteps(rows);
    const summaries = toStepSummaries(steps, windows).sort((p, q) => p.x - q.x);
    const knee = summaries.findIndex((s) => s.x >= 20);
    const c = timingClues({
      model: 'closed',
      knee: 20.4,
      xmax: 400,
      r0Ms: 51,
      steps: summaries,
      kneeAt: knee,
      probes: [],
    });
    expect(c.clues).toEqual([]);
    expect(c.doubts).toEqual([
      {
        against: 'connection-pool',
        source: 'Server-Timing',
        text: expect.stringMatching(
          /^Server-Timing pool wait stays ≈ 0 \(0 ms\) while latency grows [\d.]+× past the knee$/,
        ),
      },
    ]);
  });
  it('conflicting evidence (CPU pinned, pool messages) keeps the strongest and lowers the confidence one grade', () => {
    const rows = poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true });
    const clean = analyzeRun(buildRecord(rows), { bootstrapSamples: 200 });
    const cpu = probe('app', 'prometheus', (n) => ({ process_cpu_seconds_total: Math.min(n / 20, 1) * 2 }));
    const a = analyzeRun(buildRecord(rows, { probes: [cpu] }), { bootstrapSamples: 200 });
    expect(clean.confidence).toBe('high');
    expect(a.bottleneck!.resource).toBe('connection-pool');
    expect(a.bottleneck!.against[0]!.text).toMatch(/^cpu: process_cpu_seconds_total/);
    expect(a.confidence).toBe('medium');
  });
  it('an inconclusive or not-reached run attributes nothing', () => {
    const a = analyzeRun(buildRecord(poolRows([1, 2, 4, 8, 12, 16], { poolSize: 64, serviceMs: 50 })), {
      bootstrapSamples: 50,
    });
    expect(a.verdict).toBe('not-reached');
    expect(a.bottleneck).toBeNull();
  });
});
