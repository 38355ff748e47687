/** ANALYSIS.md §6 T7: error onset (Wilson rule), its class, and the reason it gives the verdict. */
import { describe, expect, it } from 'vitest';
import { classifyErrors, dominantClass } from '../../../src/analyze/error-classes.js';
import { analyzeRun } from '../../../src/analyze/index.js';
import { findErrorOnset } from '../../../src/analyze/knee/onset.js';
import { toStepSummaries } from '../../../src/analyze/steps.js';
import { wilsonLower } from '../../../src/stats/index.js';
import { buildRecord, buildSteps, poolRows, type StepRow } from '../../helpers/records.js';

const T7A_N = [16, 18, 19, 20, 21, 22, 24, 28, 32];
const T7A_OK = [315.4, 353.7, 374.3, 393.0, 395.8, 398.3, 397.9, 401.0, 399.1];
const T7A_ERR = [0, 0, 0, 0, 816.7, 1737.5, 3685, 7644.5, 11642.2];

/** Fail-fast pool: ok requests hold ~50 ms, 503s return in ~1 ms (Little holds). */
function failFastRows(errorSamples: string[] = ['http-503: pool exhausted (fail-fast)']): StepRow[] {
  return T7A_N.map((n, i) => {
    const okMs = 50.5;
    const errMs = T7A_ERR[i]! > 0 ? ((n - (T7A_OK[i]! * okMs) / 1000) / T7A_ERR[i]!) * 1000 : 1;
    return {
      level: n,
      goodputPerSec: T7A_OK[i]!,
      errorsPerSec: T7A_ERR[i]!,
      meanOkLatencyMs: okMs,
      meanErrorLatencyMs: errMs,
      errorKind: 'http-503',
      errorSamples,
    };
  });
}

describe('T7 (a) fail-fast pool', () => {
  const a = analyzeRun(buildRecord(failFastRows()), { bootstrapSamples: 200 });
  it("onset at 21 (bracket (20, 21]), class from the pool's message, reason error-onset", () => {
    expect(a.errorOnset).toMatchObject({ concurrency: 21, bracket: [20, 21], kind: 'pool-acquire-timeout' });
    expect(a.reason).toBe('error-onset');
    expect(a.verdict).toBe('pool-exhaustion');
    expect(a.bottleneck!.resource).toBe('connection-pool');
    expect(a.bottleneck!.evidence[0]!.text).toMatch(
      /^100 % of the errors from c=21 on are pool-exhaustion messages \(generic "pool exhausted/,
    );
    expect(a.bottleneck!.failure).toMatchObject({ cause: 'surge', offered: 21, unit: 'concurrent' });
  });
  it('the same 503s without pool text are admission control, not a pool: saturation', () => {
    const bare = analyzeRun(buildRecord(failFastRows([])), { bootstrapSamples: 50 });
    expect(bare.errorOnset!.kind).toBe('http-503');
    expect(bare.verdict).toBe('saturation');
    expect(bare.bottleneck!.resource).toBe('admission');
    expect(bare.summary).toContain('a rate limiter or load shedder turns the excess away');
  });
  it('Xmax 400 ± 5 % on goodput, not ≈ 12 000 total responses', () => {
    expect(Math.abs(a.maxThroughputPerSec!.value / 400 - 1)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(a.knee!.concurrency - 20)).toBeLessThanOrEqual(2);
  });
  it('says so in the summary', () => {
    expect(a.summary).toMatch(/^Pool exhaustion begins at ~20 concurrent requests/);
    expect(a.summary).toContain('errors (pool-acquire-timeout) start at 21');
    expect(a.summary).toContain(
      'A surge: errors began at 21 concurrent requests offered, at or above the ≈ 20 concurrent requests',
    );
  });
});

describe('T7 (b) acquire timeout 100 ms', () => {
  const fractions = [0, 0, 0.007, 0.0429, 0.0714, 0.1033, 0.1464, 0.2251, 0.3442];
  const highN = [40, 50, 55, 58, 60, 62, 65, 70, 80];
  const rows: StepRow[] = [
    ...poolRows([1, 4, 8, 12, 16, 20, 24, 32], { poolSize: 20, serviceMs: 50, overheadMs: 1 }),
    ...highN.map((n, i) => ({
      level: n,
      goodputPerSec: 400,
      errorFraction: fractions[i]!,
      errorKind: 'http-503',
      errorSamples: ['timeout acquiring connection'],
    })),
  ];
  it('Wilson rule selects 58, interpolated crossing ≈ 55.3, class pool-acquire-timeout', () => {
    const { steps, windows } = buildSteps(rows);
    const summaries = toStepSummaries(steps, windows).sort((p, q) => p.x - q.x);
    const onset = findErrorOnset(summaries)!;
    expect(onset.concurrency).toBe(58);
    expect(onset.bracket).toEqual([55, 58]);
    expect(onset.interpolated).toBeGreaterThanOrEqual(55);
    expect(onset.interpolated).toBeLessThanOrEqual(60);
    expect(onset.interpolated).toBeCloseTo(55.25, 1);
    expect(onset.kind).toBe('pool-acquire-timeout');
  });
  it('knee stays 20 ± 2 from the plateau; reason throughput-plateau; onset signal at 58; theory 60.4 ± 10 %', () => {
    const a = analyzeRun(buildRecord(rows), { bootstrapSamples: 100, acquireTimeoutMs: 100 });
    expect(Math.abs(a.knee!.concurrency - 20)).toBeLessThanOrEqual(2);
    expect(a.reason).toBe('throughput-plateau');
    const sig = a.signals.find((s) => s.kind === 'error-onset')!;
    expect(sig.at).toBe(58);
    expect(sig.detail).toContain('pool-acquire-timeout');
    const predicted = Number(/Xmax·\(T_acq \+ R0\) = ([\d.]+)/.exec(sig.detail)![1]);
    expect(Math.abs(predicted / 60.4 - 1)).toBeLessThanOrEqual(0.1);
    expect(a.verdict).toBe('pool-exhaustion');
  });
});

describe('error classes', () => {
  it.each([
    [{ 'http-500': 5 }, ['timeout acquiring connection'], 'pool-acquire-timeout'],
    [{ 'http-500': 5 }, ['sorry, too many clients already'], 'too-many-clients'],
    [{ 'http-500': 5 }, ['FATAL: remaining connection slots are reserved'], 'too-many-clients'],
    [{ 'http-503': 5 }, [], 'http-503'],
    [{ 'headers-timeout': 3, 'http-504': 1 }, [], 'timeout'],
    [{ 'connect-refused': 2, 'socket-reset': 2 }, [], 'refused-reset'],
    [{ 'http-404': 2 }, [], 'other'],
  ])('%j with %j is %s', (errors, samples, cls) => {
    expect(dominantClass(classifyErrors(errors, samples))).toBe(cls);
  });
  it('Wilson lower bound: 0 of n is 0; 5 of 100 is about 2.2 %', () => {
    expect(wilsonLower(0, 1000)).toBeCloseTo(0, 12);
    expect(wilsonLower(5, 100)).toBeCloseTo(0.0215, 3);
  });
});
