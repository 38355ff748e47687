import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  MAX_LATENCY_US,
  mergeEncoded,
  recordLatencyUs,
} from '../../src/metrics/histogram.js';
import { summarizeEncoded, summarizeLatency } from '../../src/metrics/summarize.js';
import { lcgDraws } from '../helpers/rng.js';

/** Deterministic pseudo-random latencies (LCG), µs. */
function latencies(n: number, seed: number): number[] {
  return lcgDraws(n, seed, (x) => 100 + (x % 500_000));
}

describe('latency histograms', () => {
  it('round-trips through compressed base64', () => {
    const h = createLatencyHistogram();
    for (const v of latencies(5000, 1)) recordLatencyUs(h, v);
    const encoded = encodeHistogram(h);
    expect(typeof encoded).toBe('string');
    const back = decodeHistogram(encoded);
    expect(summarizeLatency(back)).toEqual(summarizeLatency(h));
  });

  it('merged percentiles equal those of one histogram fed every value', () => {
    const parts = [latencies(3000, 7), latencies(1000, 8), latencies(6000, 9)];
    const all = createLatencyHistogram();
    const encodedParts = parts.map((values) => {
      const h = createLatencyHistogram();
      for (const v of values) {
        recordLatencyUs(h, v);
        recordLatencyUs(all, v);
      }
      return encodeHistogram(h);
    });
    const merged = summarizeEncoded(mergeEncoded(encodedParts));
    expect(merged).toEqual(summarizeLatency(all));
    expect(merged.count).toBe(10_000);
  });

  it('clamps values outside 1 µs .. 60 s instead of throwing', () => {
    const h = createLatencyHistogram();
    recordLatencyUs(h, 0.2);
    recordLatencyUs(h, MAX_LATENCY_US * 10);
    expect(h.totalCount).toBe(2);
    expect(h.maxValue).toBeLessThanOrEqual(MAX_LATENCY_US * 1.001);
  });

  it('summarizes in ms with 3 significant digits', () => {
    const h = createLatencyHistogram();
    for (let i = 1; i <= 100; i++) recordLatencyUs(h, i * 1000);
    const s = summarizeLatency(h);
    expect(s.count).toBe(100);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(s.max).toBeCloseTo(100, 0);
    expect(s.mean).toBeCloseTo(50.5, 0);
  });

  it('decodes "" as an empty histogram', () => {
    expect(summarizeEncoded('').count).toBe(0);
    expect(summarizeEncoded(mergeEncoded(['', ''])).count).toBe(0);
  });
});
