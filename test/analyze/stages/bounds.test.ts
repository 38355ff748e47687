/**
 * Stage scenarios (baseline → spike → recovery): spike detection (a ramp into a hold is one
 * spike) and the verdict from the operational bounds of the hold stages (knee = Xmax·R0).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeRun, type AnalyzeInput } from '../../../src/analyze/index.js';
import { buildRecord, type StepRow } from '../../helpers/records.js';
import { joinRegExp } from '../../helpers/regex.js';

const POOL_TEXT = ['http-503: timeout acquiring connection'];

/** The demo target's spike.yml shape: 400 req/s capacity, R0 ≈ 51 ms, acquire timeouts at c=100. */
function rampAndHold(extra: Partial<StepRow> = {}): StepRow[] {
  return [
    {
      level: 10,
      goodputPerSec: 196,
      kind: 'stage',
      label: 'baseline',
      seconds: 10,
      p99Ms: 55,
      serverTiming: { holdMs: 50, waitMs: 0 },
    },
    {
      level: 100,
      fromLevel: 10,
      goodputPerSec: 380,
      kind: 'stage',
      label: 'ramp',
      seconds: 5,
      p99Ms: 200,
      windowErrors: [0, 0, 0, 6, 84],
      errorSamples: POOL_TEXT,
    },
    {
      level: 100,
      goodputPerSec: 397,
      kind: 'stage',
      label: 'spike',
      seconds: 15,
      errorsPerSec: 150,
      p99Ms: 204,
      errorSamples: POOL_TEXT,
      serverTiming: { holdMs: 50, waitMs: 140 },
      ...extra,
    },
    {
      level: 10,
      goodputPerSec: 196,
      kind: 'stage',
      label: 'recovery',
      seconds: 15,
      p99Ms: 55,
      windowP99Ms: [200, 60, 55, 54, 56, 55, 55, 54, 55, 56, 55, 54, 55, 55, 56],
    },
  ];
}

describe('spike detection', () => {
  it('a ramp into a hold at its target is one spike, named after the hold, from the ramp start to the hold end', () => {
    const a = analyzeRun(buildRecord(rampAndHold(), { bucketCv: 0.03 }), { bootstrapSamples: 0 });
    expect(a.spikes).toHaveLength(1);
    const s = a.spikes[0]!;
    expect(s.stage).toBe('spike');
    expect(s.level).toBe(100);
    expect(s.baselineLatencyMs).toBe(55);
    expect(s.peakLatencyMs).toBe(204);
    expect(s.errors).toBe(90 + 150 * 15); // ramp + hold
    expect(s.timeToFirstErrorMs).toBe(3000); // from the ramp's start (window 3 of the ramp)
    expect(s.recoveryMs).toBe(1000); // from the hold's end: recovery window 1 is back in band
  });
  it('one window just outside the recovery band is noise; a sustained relapse is not', () => {
    const noisy = rampAndHold();
    noisy[3] = { ...noisy[3]!, windowP99Ms: [200, 60, 55, 54, 56, 68, 55, 54, 55, 56, 55, 54, 55, 55, 56] };
    expect(analyzeRun(buildRecord(noisy), { bootstrapSamples: 0 }).spikes[0]!.recoveryMs).toBe(1000);
    const relapse = rampAndHold();
    relapse[3] = { ...relapse[3]!, windowP99Ms: [200, 60, 55, 54, 56, 68, 70, 54, 55, 56, 55, 54, 55, 55, 56] };
    expect(analyzeRun(buildRecord(relapse), { bootstrapSamples: 0 }).spikes[0]!.recoveryMs).toBe(7000);
  });
});

describe('verdict from stages (bounds Xmax·R0)', () => {
  it('saturated spike, pool errors, Server-Timing wait: pool-exhaustion, knee Xmax·R0, uncensored, never high', () => {
    const a = analyzeRun(buildRecord(rampAndHold(), { bucketCv: 0.03 }), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.reason).toBe('error-onset');
    const r0Ms = a.unloadedLatencyMs!;
    expect(r0Ms).toBeCloseTo((10 / 196) * 1000, 1);
    expect(a.maxThroughputPerSec!.value).toBeGreaterThan(397 * 0.98);
    expect(a.maxThroughputPerSec!.value).toBeLessThan(397 * 1.02);
    expect(a.maxThroughputPerSec!.censored).toBe(false);
    const k = a.knee!;
    expect(k.method).toBe('bounds');
    expect(k.censored).toBeNull();
    expect(k.concurrency).toBeCloseTo((a.maxThroughputPerSec!.value * r0Ms) / 1000, 6);
    expect(k.concurrency).toBeGreaterThan(19);
    expect(k.concurrency).toBeLessThan(21.5);
    expect(k.ci95[0]).toBeLessThan(k.concurrency);
    expect(k.ci95[1]).toBeGreaterThan(k.concurrency);
    expect(k.bracket).toEqual([10, 100]);
    expect(['low', 'medium']).toContain(a.confidence);
    expect(a.poolEstimate!.basis).toBe('server-timing');
    expect(a.poolEstimate!.size).toBeCloseTo(a.maxThroughputPerSec!.value * 0.05, 6);
    expect(a.signals.find((s) => s.kind === 'throughput-plateau')!.detail).toContain('capacity bound Xmax·R0');
    expect(a.summary).toMatch(
      joinRegExp([
        /^Pool exhaustion under the spike: at 100 concurrent requests goodput stayed at ~\d+ req\/s /,
        /\(capacity ≈ 20 concurrent requests at 51 ms each\) /,
        /while p99 rose from 55 ms to 204 ms and 2[78] % of requests failed with pool acquire timeouts; /,
        /latency recovered 1 s after the spike; estimated pool 20 connections( \(95% CI [\d.–]+\))? /,
        /\(Server-Timing\)\. A surge: errors began at 100 concurrent requests offered, /,
        /at or above the ≈ 20 concurrent requests \(\d+ req\/s\) the service carries: /,
        /more load than capacity, not a slower service\.$/,
      ]),
    );
  });
  it('recovery stage still draining pool errors does not drag Xmax down (read from the capacity-limited hold)', () => {
    const rows = rampAndHold();
    rows[3] = { ...rows[3]!, errorsPerSec: 5, errorSamples: POOL_TEXT }; // 2.5 % residual acquire timeouts at c=10
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.maxThroughputPerSec!.value).toBeCloseTo(397, 6);
    expect(a.knee!.concurrency).toBeCloseTo((397 * 10) / 196, 1);
  });
  it('saturated without pool evidence (think time: latency off the N/Xmax line, no errors): saturation', () => {
    const rows: StepRow[] = [
      { level: 10, goodputPerSec: 100, kind: 'stage', label: 'baseline', inFlight: 5, meanOkLatencyMs: 50 },
      { level: 100, goodputPerSec: 200, kind: 'stage', label: 'spike', inFlight: 20, meanOkLatencyMs: 100 },
      { level: 10, goodputPerSec: 100, kind: 'stage', label: 'recovery', inFlight: 5, meanOkLatencyMs: 50 },
    ];
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0, thinkTime: true });
    expect(a.verdict).toBe('saturation');
    expect(a.knee!.concurrency).toBeCloseTo(200 * 0.05, 6);
    expect(a.knee!.method).toBe('bounds');
    expect(a.confidence).toBe('low');
    expect(a.summary).toContain('Saturation under the spike: at 100 concurrent requests goodput stayed at ~200 req/s');
    expect(a.summary).toContain('capplan cannot tell what ran out without a server-side view: add a `postgres` probe');
    expect(a.bottleneck).toMatchObject({ resource: 'unknown', failure: null });
    // The same run with a Prometheus probe that saw pool waiters during the spike: pool-exhaustion.
    const series = [{ tMs: 12_500, values: { db_pool_waiting: 30 } }];
    const probed = analyzeRun(
      buildRecord(rows, { probes: [{ name: 'app', kind: 'prometheus', series, warnings: [] }] }),
      { bootstrapSamples: 0, thinkTime: true },
    );
    expect(probed.verdict).toBe('pool-exhaustion');
  });
  it('every hold scaled with its load: not-reached, knee censored above the top hold', () => {
    const rows: StepRow[] = [
      { level: 10, goodputPerSec: 196, kind: 'stage', label: 'baseline' },
      { level: 30, goodputPerSec: 585, kind: 'stage', label: 'spike' },
      { level: 10, goodputPerSec: 196, kind: 'stage', label: 'recovery' },
    ];
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('not-reached');
    expect(a.knee).toMatchObject({ concurrency: 30, censored: 'above', method: 'bounds' });
    expect(a.maxThroughputPerSec!.censored).toBe(true);
    expect(a.poolEstimate).toBeNull();
    expect(a.confidence).toBe('n/a');
    expect(a.summary).toMatch(
      joinRegExp([
        /^No capacity limit reached in these stages: goodput kept pace with the load /,
        /up to 30 concurrent requests \(585 req\/s\)/,
      ]),
    );
  });
  it('no unsaturated stage to anchor R0: inconclusive', () => {
    const rows: StepRow[] = [
      { level: 50, goodputPerSec: 400, kind: 'stage', label: 'baseline', errorFraction: 0.1, errorSamples: POOL_TEXT },
      { level: 150, goodputPerSec: 400, kind: 'stage', label: 'spike', errorFraction: 0.5, errorSamples: POOL_TEXT },
    ];
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('inconclusive');
    expect(a.knee).toBeNull();
    expect(a.summary).toContain('every stage is already saturated');
  });
  it('a spike the generator could not drive: inconclusive (generator-limited), never a pool', () => {
    const rows = rampAndHold({ generatorSaturated: true });
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 0 });
    expect(a.verdict).toBe('inconclusive');
    expect(a.summary).toContain('the load generator, not the target, limited the run');
  });
  it('open model: a rate stage whose goodput falls short of the offered rate is saturated; knee = Xmax·R0', () => {
    const rows = (errors: Partial<StepRow>): StepRow[] => [
      { level: 50, goodputPerSec: 50, kind: 'stage', label: 'warm', meanOkLatencyMs: 52 },
      {
        level: 600,
        fromLevel: 50,
        goodputPerSec: 380,
        kind: 'stage',
        label: 'ramp',
        stable: false,
        inFlightGrowthPerSec: 100,
        meanOkLatencyMs: 300,
      },
      {
        level: 600,
        goodputPerSec: 400,
        kind: 'stage',
        label: 'overload',
        stable: false,
        inFlightGrowthPerSec: 200,
        meanOkLatencyMs: 800,
        ...errors,
      },
      { level: 100, goodputPerSec: 100, kind: 'stage', label: 'recovery', meanOkLatencyMs: 52 },
    ];
    const plain = analyzeRun(buildRecord(rows({}), { model: 'open' }), { bootstrapSamples: 0 });
    expect(plain.verdict).toBe('saturation');
    expect(plain.maxThroughputPerSec!.value).toBeCloseTo(400, 6);
    expect(plain.knee).toMatchObject({ censored: null, method: 'bounds' });
    expect(plain.knee!.concurrency).toBeCloseTo(400 * 0.052, 6);
    expect(plain.spikes.map((s) => s.stage)).toEqual(['overload']);
    expect(plain.summary).toContain(
      'at 600 req/s offered goodput stayed at ~400 req/s (capacity ≈ 21 concurrent requests in flight at 52 ms each)',
    );
    const pooled = analyzeRun(buildRecord(rows({ errorsPerSec: 100, errorSamples: POOL_TEXT }), { model: 'open' }), {
      bootstrapSamples: 0,
    });
    expect(pooled.verdict).toBe('pool-exhaustion');
    expect(pooled.confidence).not.toBe('high');
  });
});

describe('live spike.yml run (test/fixtures/runs/spike-live.json: pool 20 × 50 ms, acquire timeout 150 ms)', () => {
  const record = JSON.parse(
    readFileSync(new URL('../../fixtures/runs/spike-live.json', import.meta.url), 'utf8'),
  ) as AnalyzeInput;
  const a = analyzeRun(record, { bootstrapSamples: 200, acquireTimeoutMs: 150 });
  it('one spike "spike" (ramp + hold): all errors, first error from the ramp start, recovery from the hold end', () => {
    expect(a.spikes).toHaveLength(1);
    const s = a.spikes[0]!;
    expect(s.stage).toBe('spike');
    const ramp = record.steps.find((t) => t.label === 'ramp')!;
    const hold = record.steps.find((t) => t.label === 'spike')!;
    expect(s.errors).toBe(ramp.errorCount + hold.errorCount);
    expect(s.timeToFirstErrorMs).toBeGreaterThan(2000);
    expect(s.timeToFirstErrorMs).toBeLessThan(5000);
    expect(s.recoveryMs).not.toBeNull();
    expect(s.recoveryMs!).toBeLessThanOrEqual(2000);
  });
  it('pool-exhaustion with a knee ≈ 20 from the ramp (pool 20 × 50 ms), pool estimate ≈ 20 from Server-Timing', () => {
    expect(a.verdict).toBe('pool-exhaustion');
    // The ramp stage's windows carry the knee now (issue #16); the stage bound is the fallback.
    expect(a.knee!.method).toBe('ramp');
    expect(a.knee!.censored).toBeNull();
    expect(a.knee!.concurrency).toBeGreaterThan(18);
    expect(a.knee!.concurrency).toBeLessThan(24);
    expect(a.knee!.ci95[0]).toBeLessThanOrEqual(a.knee!.concurrency);
    expect(a.knee!.ci95[1]).toBeGreaterThanOrEqual(a.knee!.concurrency);
    expect(a.maxThroughputPerSec!.value).toBeGreaterThan(380);
    expect(a.maxThroughputPerSec!.value).toBeLessThan(410);
    expect(a.poolEstimate!.basis).toBe('server-timing');
    expect(a.poolEstimate!.size).toBeGreaterThan(18);
    expect(a.poolEstimate!.size).toBeLessThan(22);
    expect(['low', 'medium']).toContain(a.confidence);
    expect(a.summary).toMatch(
      joinRegExp([
        /^Pool exhaustion under the spike: at 100 concurrent requests goodput stayed at ~\d+ req\/s /,
        /.*pool acquire timeouts; latency recovered [12] s after the spike; /,
        /estimated pool 20 connections .*\(Server-Timing\)\. The knee \([\d.]+, 95% CI [\d.]+–[\d.]+\) /,
        /was fitted on \d+ one-second windows of the ramp, \d+ of them past it\. A surge: .*$/,
      ]),
    );
  });
});
