import { describe, expect, it } from 'vitest';
import { ERROR_KIND_INDEX } from '../../src/metrics/error-kinds.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { MAX_ERROR_SAMPLES, WindowRecorder } from '../../src/metrics/window.js';

const HEALTH = { loopDelayP99Ms: 1, utilization: 0.5, lateStartFraction: 0, clientQueued: 0, saturated: false };

describe('WindowRecorder', () => {
  it('counts a window into plain data and resets', () => {
    const r = new WindowRecorder();
    r.begin(3, 10_000);
    for (let i = 0; i < 4; i++) {
      r.countIntended();
      r.countSent(i === 0);
    }
    r.countIntended();
    r.countDropped();
    r.recordOk(2000, 200, 10_100); // quarter 0
    r.recordOk(4000, 201, 10_600); // quarter 2
    r.recordHttpError(1000, 503, 10_900); // quarter 3
    r.recordError(ERROR_KIND_INDEX['socket-reset'], 500, 10_950);
    r.addBytes(120);
    r.sampleInFlight(2);
    r.sampleInFlight(4);
    r.recordServerTiming(1.5, 50);
    r.recordServerTiming(Number.NaN, 52);
    r.addErrorSample('http-503: timeout acquiring connection');
    const s = r.snapshot({ phaseIndex: 1, level: 16, inFlightEnd: 3, generator: HEALTH });
    expect(s).toMatchObject({
      index: 3,
      tMs: 3000,
      durationMs: 1000,
      phaseIndex: 1,
      level: 16,
      intended: 5,
      sent: 4,
      late: 1,
      dropped: 1,
      ok: 2,
      errorCount: 2,
      errors: { 'socket-reset': 1, 'http-503': 1 },
      status: { '200': 1, '201': 1, '503': 1 },
      bytesIn: 120,
      inFlightMean: 3,
      inFlightMax: 4,
      inFlightEnd: 3,
      okLatencySumUs: 6000,
      errorLatencySumUs: 1500,
      quarterOk: [1, 0, 1, 0],
      quarterErrors: [0, 0, 0, 2],
      serverTiming: { poolSumMs: 1.5, poolCount: 1, dbSumMs: 102, dbCount: 2 },
      errorSamples: ['http-503: timeout acquiring connection'],
    });
    expect(summarizeEncoded(s.hdr).count).toBe(2);
    expect(summarizeEncoded(s.hdr).max).toBeCloseTo(4, 2);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s); // plain data

    r.begin(4, 11_000);
    const empty = r.snapshot({ phaseIndex: 1, level: 16, inFlightEnd: 0, generator: HEALTH, durationMs: 400 });
    expect(empty).toMatchObject({
      index: 4,
      ok: 0,
      errorCount: 0,
      errors: {},
      status: {},
      durationMs: 400,
      errorSamples: [],
    });
    expect(summarizeEncoded(empty.hdr).count).toBe(0);
  });

  it('keeps a bounded number of distinct, truncated error samples', () => {
    const r = new WindowRecorder();
    r.begin(0, 0);
    for (let i = 0; i < 20; i++) r.addErrorSample(`error ${i % 8} ${'x'.repeat(300)}`);
    r.addErrorSample('error 0');
    const s = r.snapshot({ phaseIndex: 0, level: 1, inFlightEnd: 0, generator: HEALTH });
    expect(s.errorSamples).toHaveLength(MAX_ERROR_SAMPLES);
    expect(new Set(s.errorSamples).size).toBe(MAX_ERROR_SAMPLES);
    for (const sample of s.errorSamples) expect(sample.length).toBeLessThanOrEqual(200);
  });
});

describe('WindowRecorder: schedule lag, cancellations, malformed Server-Timing', () => {
  it('records the lag histogram and sum, cancelled requests and malformed entries; absent when none', () => {
    const r = new WindowRecorder();
    r.begin(0, 0);
    r.countScheduledSend(2, false);
    r.countScheduledSend(30, true);
    r.countCancelled(3);
    r.recordServerTiming(-1, 4);
    r.recordServerTiming(Number.NaN, -1);
    const s = r.snapshot({ phaseIndex: 0, level: 1, inFlightEnd: 0, generator: HEALTH });
    expect(s).toMatchObject({
      sent: 2,
      late: 1,
      cancelled: 3,
      serverTiming: { poolCount: 0, dbCount: 1, dbSumMs: 4, malformed: 2 },
    });
    expect(s.lag!.sumMs).toBe(32);
    expect(Object.values(s.lag!.buckets).reduce((a, b) => a + b, 0)).toBe(2);
    r.begin(1, 1000);
    const empty = r.snapshot({ phaseIndex: 0, level: 1, inFlightEnd: 0, generator: HEALTH });
    expect(empty.lag).toBeUndefined();
    expect(empty.cancelled).toBeUndefined();
    expect(empty.serverTiming.malformed).toBeUndefined();
  });
});
