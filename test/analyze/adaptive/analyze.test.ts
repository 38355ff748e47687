import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analyze/index.js';
import { parseRunRecord } from '../../../src/record/schema.js';
import { buildRecord, poolRows } from '../../helpers/records.js';

/** An adaptive search's levels (run order) on a pool of 20 held 50 ms, with 3 % bucket noise. */
function adaptiveRecord(stoppedBy: string): ReturnType<typeof buildRecord> {
  const levels = [1, 2, 4, 8, 16, 32, 26, 16];
  const seconds = [2, 1, 1, 1, 1, 1, 2, 2];
  const rows = poolRows(levels, { poolSize: 20, serviceMs: 50 }).map((r, i) => ({ ...r, seconds: seconds[i]! }));
  const record = buildRecord(rows, { bucketCv: 0.03, seed: 5 });
  const loadMs = record.steps.reduce((sum, s) => sum + s.durationMs, 0);
  return {
    ...record,
    adaptive: { from: 1, to: 128, precision: 0.1, maxLoadMs: 20_000, stoppedBy, loadMs, levels: levels.length },
  };
}

describe('analyzeRun on an adaptive search', () => {
  it("reports the search's own knee and interval, and says the knee came from an adaptive search", () => {
    const a = analyzeRun(adaptiveRecord('precision'), { bootstrapSamples: 400 });
    const knee = a.knee!;
    expect(knee.censored).toBeNull();
    expect(Math.abs(knee.concurrency / 20.4 - 1)).toBeLessThan(0.1);
    expect(knee.ci95[0]).toBeLessThanOrEqual(knee.concurrency);
    expect(knee.ci95[1]).toBeGreaterThanOrEqual(knee.concurrency);
    expect(knee.adaptive).toMatchObject({ windows: 11, loadMs: 11_000, stoppedBy: 'precision', precision: 0.1 });
    expect(a.summary).toMatch(
      /An adaptive search found it with 11 s of load over 11 one-second windows; its 95% CI is/,
    );
  });

  it('a fixed sweep has no knee.adaptive', () => {
    const { adaptive: _drop, ...fixed } = adaptiveRecord('precision');
    expect(analyzeRun(fixed, { bootstrapSamples: 200 }).knee?.adaptive).toBeUndefined();
  });

  it('the record with `adaptive` and knee.adaptive still parses as capplan.run/v1', () => {
    const record = adaptiveRecord('max-duration');
    const full = { ...record, analysis: analyzeRun(record, { bootstrapSamples: 200 }) };
    const parsed = parseRunRecord(JSON.parse(JSON.stringify(full)), 'adaptive.json');
    expect(parsed.adaptive?.stoppedBy).toBe('max-duration');
    expect(parsed.analysis.knee?.adaptive?.stoppedBy).toBe('max-duration');
  });
});
