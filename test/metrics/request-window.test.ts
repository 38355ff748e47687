import { describe, expect, it } from 'vitest';
import { mergeByRequest } from '../../src/metrics/by-request.js';
import { ERROR_KIND_INDEX } from '../../src/metrics/error-kinds.js';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  recordLatencyUs,
} from '../../src/metrics/histogram.js';
import { RequestWindow } from '../../src/metrics/request-window.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';

describe('RequestWindow', () => {
  it('keeps counters and a histogram per request index, only names with activity, and resets on snapshot', () => {
    const w = new RequestWindow(['catalogue', 'checkout', 'idle']);
    w.countSent(0);
    w.countSent(0);
    w.countSent(1);
    w.countSent(1);
    w.recordOk(0, 1000, 200);
    w.recordOk(0, 3000, 200);
    w.addBytes(0, 42);
    w.recordHttpError(1, 503);
    w.recordError(1, ERROR_KIND_INDEX['socket-reset']);
    const snap = w.snapshot();
    expect(Object.keys(snap)).toEqual(['catalogue', 'checkout']);
    expect(snap['catalogue']).toMatchObject({
      sent: 2,
      ok: 2,
      errorCount: 0,
      errors: {},
      status: { '200': 2 },
      bytesIn: 42,
    });
    const summary = summarizeEncoded(snap['catalogue']!.hdr);
    expect(summary).toMatchObject({ count: 2, p50: 1 });
    expect(summary.max).toBeCloseTo(3, 2);
    expect(snap['checkout']).toMatchObject({
      sent: 2,
      ok: 0,
      errorCount: 2,
      errors: { 'socket-reset': 1, 'http-503': 1 },
      status: { '503': 1 },
    });
    expect(summarizeEncoded(snap['checkout']!.hdr).count).toBe(0);
    // An idle name is absent (counted zero): thousands of request names must not bloat every window.
    expect(snap['idle']).toBeUndefined();
    const next = w.snapshot();
    expect(next).toEqual({});
    w.recordOk(0, 2000, 200);
    expect(summarizeEncoded(w.snapshot()['catalogue']!.hdr).count).toBe(1);
  });
});

describe('mergeByRequest', () => {
  const encoded = (values: number[]): string => {
    const h = createLatencyHistogram();
    for (const v of values) recordLatencyUs(h, v);
    return encodeHistogram(h);
  };
  const counts = (ok: number, hdr: string, errors: Record<string, number> = {}) => ({
    sent: ok,
    ok,
    errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
    errors,
    status: { '200': ok },
    bytesIn: ok * 3,
    hdr,
  });

  it('adds counters and histograms exactly over the union of names', () => {
    const a = { checkout: counts(2, encoded([1000, 90_000]), { 'http-503': 2 }), browse: counts(1, encoded([500])) };
    const b = {
      checkout: counts(1, encoded([120_000]), { 'http-503': 1, 'socket-reset': 1 }),
      login: counts(1, encoded([200])),
    };
    const m = mergeByRequest([a, undefined, b])!;
    expect(Object.keys(m)).toEqual(['checkout', 'browse', 'login']);
    expect(m['checkout']).toMatchObject({
      sent: 3,
      ok: 3,
      errorCount: 4,
      errors: { 'http-503': 3, 'socket-reset': 1 },
      status: { '200': 3 },
      bytesIn: 9,
    });
    const h = decodeHistogram(m['checkout']!.hdr);
    expect(h.totalCount).toBe(3);
    expect(summarizeEncoded(m['checkout']!.hdr).max).toBeCloseTo(120, 0);
    expect(m['browse']).toEqual(a.browse);
    expect(mergeByRequest([undefined, undefined])).toBeUndefined();
  });
});
