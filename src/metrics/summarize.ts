/** Latency percentiles in ms from a µs HDR histogram (pure). */
import { decodeHistogram, type LatencyHistogram } from './histogram.js';
import type { LatencySummary } from './types.js';

/** All zeros: the summary of no samples. */
export const EMPTY_LATENCY: LatencySummary = { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };

const usToMs = (us: number): number => Math.round(us) / 1000;

/** Percentiles (ms, µs resolution) of a histogram of µs values. */
export function summarizeLatency(histogram: LatencyHistogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { ...EMPTY_LATENCY };
  return {
    count,
    p50: usToMs(histogram.getValueAtPercentile(50)),
    p90: usToMs(histogram.getValueAtPercentile(90)),
    p95: usToMs(histogram.getValueAtPercentile(95)),
    p99: usToMs(histogram.getValueAtPercentile(99)),
    p999: usToMs(histogram.getValueAtPercentile(99.9)),
    // The percentile form (bucket-based) is identical before and after encode/merge; maxValue is not.
    max: usToMs(histogram.getValueAtPercentile(100)),
    mean: Math.round(histogram.mean) / 1000,
  };
}

/** `summarizeLatency` of an encoded histogram. */
export function summarizeEncoded(encoded: string): LatencySummary {
  const histogram = decodeHistogram(encoded);
  const summary = summarizeLatency(histogram);
  histogram.destroy();
  return summary;
}
