import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  encodeHistogram,
  MAX_LATENCY_US,
  recordLatencyUs,
} from '../../src/metrics/histogram.js';
import { countsIndex, LatencyCounts, valueAtIndex } from '../../src/metrics/latency-counts.js';
import { lcgDraws } from '../helpers/rng.js';

/** Deterministic pseudo-random latencies (LCG) spread over every magnitude, µs, fractional. */
function latencies(n: number, seed: number): number[] {
  return lcgDraws(n, seed, (x) => (x / 2 ** 31) * 10 ** ((x % 9) - 1));
}

/** What the window recorders did before: every value into an HDR histogram. */
function hdrEncoded(values: readonly number[]): string {
  const h = createLatencyHistogram();
  for (const v of values) recordLatencyUs(h, v);
  return encodeHistogram(h);
}

describe('LatencyCounts', () => {
  it('indexes every value as hdr-histogram-js does, and each index maps back to its own bucket', () => {
    const h = createLatencyHistogram() as unknown as { countsArrayIndex(v: number): number };
    const edges = [
      1,
      2,
      1023,
      1024,
      2047,
      2048,
      2049,
      4095,
      4096,
      65_535,
      65_536,
      2 ** 25 - 1,
      2 ** 25,
      MAX_LATENCY_US,
    ];
    const values = [...edges, ...latencies(5000, 3).map((v) => Math.min(MAX_LATENCY_US, Math.max(1, Math.round(v))))];
    for (const v of values) {
      expect(countsIndex(v)).toBe(h.countsArrayIndex(v));
      expect(countsIndex(valueAtIndex(countsIndex(v)))).toBe(countsIndex(v));
    }
  });

  it('encodes exactly what an HDR histogram fed the same values encodes, window after window', () => {
    const counts = new LatencyCounts();
    for (const seed of [1, 2, 3]) {
      const values = [...latencies(5000, seed), 0, -5, 0.4, 1.5, MAX_LATENCY_US + 1, 1e12];
      for (const v of values) counts.record(v);
      expect(counts.takeEncoded()).toBe(hdrEncoded(values));
    }
    // Cleared by the take: an empty window encodes as an empty histogram.
    expect(counts.takeEncoded()).toBe(hdrEncoded([]));
  });

  it('keeps two recorders apart (the shared encoding histogram holds nothing between takes)', () => {
    const a = new LatencyCounts();
    const b = new LatencyCounts();
    for (const v of latencies(300, 5)) a.record(v);
    for (const v of latencies(200, 6)) b.record(v);
    expect(a.takeEncoded()).toBe(hdrEncoded(latencies(300, 5)));
    expect(b.takeEncoded()).toBe(hdrEncoded(latencies(200, 6)));
  });
});
