import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/metrics/histogram.js';
import { isGeneratorSaturated, mergeWindowSnapshots } from '../../src/metrics/merge-snapshots.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';

function snap(values: number[], extra: Partial<WindowSnapshot>): WindowSnapshot {
  const h = createLatencyHistogram();
  for (const v of values) recordLatencyUs(h, v);
  return {
    index: 2,
    tMs: 2000,
    durationMs: 1000,
    phaseIndex: -1,
    level: 8,
    intended: values.length,
    sent: values.length,
    ok: values.length,
    errorCount: 0,
    errors: {},
    status: { '200': values.length },
    bytesIn: 10,
    late: 0,
    dropped: 0,
    inFlightMean: 8,
    inFlightMax: 8,
    inFlightEnd: 8,
    okLatencySumUs: values.reduce((a, b) => a + b, 0),
    errorLatencySumUs: 0,
    quarterOk: [1, 1, 1, 1],
    quarterErrors: [0, 0, 0, 0],
    hdr: encodeHistogram(h),
    serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
    generator: { loopDelayP99Ms: 2, utilization: 0.4, lateStartFraction: 0, clientQueued: 0, saturated: false },
    errorSamples: [],
    ...extra,
  };
}

describe('mergeWindowSnapshots', () => {
  it('sums counters, adds histograms and keeps the worst generator health', () => {
    const a = snap([1000, 2000], { errorCount: 1, errors: { 'http-503': 1 }, errorSamples: ['a'] });
    const b = snap([3000], {
      level: 7,
      errors: { 'http-503': 2, 'socket-reset': 1 },
      errorCount: 3,
      late: 1,
      errorSamples: ['a', 'b'],
      generator: { loopDelayP99Ms: 12, utilization: 0.8, lateStartFraction: 1, clientQueued: 2, saturated: true },
    });
    const m = mergeWindowSnapshots([a, b]);
    expect(m).toMatchObject({
      index: 2,
      level: 15,
      ok: 3,
      errorCount: 4,
      errors: { 'http-503': 3, 'socket-reset': 1 },
      status: { '200': 3 },
      bytesIn: 20,
      late: 1,
      inFlightMean: 16,
      quarterOk: [2, 2, 2, 2],
      errorSamples: ['a', 'b'],
      okLatencySumUs: 6000,
    });
    expect(m.generator).toMatchObject({
      loopDelayP99Ms: 12,
      clientQueued: 2,
      saturated: true,
      lateStartFraction: 1 / 3,
    });
    expect(m.generator.utilization).toBeCloseTo(0.6, 10);
    expect(summarizeEncoded(m.hdr).count).toBe(3);
    expect(summarizeEncoded(m.hdr).max).toBeCloseTo(3, 2);
  });

  it('flags saturation from late starts or loop delay', () => {
    expect(isGeneratorSaturated(0.02, 1)).toBe(true);
    expect(isGeneratorSaturated(0, 11)).toBe(true);
    expect(isGeneratorSaturated(0.005, 9)).toBe(false);
  });
});
