/**
 * Latency histograms: HDR, integer microseconds, 1 µs .. 60 s at 3 significant digits
 * (0.1 % resolution). Pure JS (`useWebAssembly: false`): the per-record cost is a few
 * array writes and, unlike WASM histograms, nothing leaks if `destroy` is forgotten.
 * Histograms cross the worker boundary as compressed base64 strings.
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

/** Highest value tracked, µs (60 s). Longer latencies are clamped to it. */
export const MAX_LATENCY_US = 60_000_000;

export type LatencyHistogram = Histogram;

/** A fresh, empty histogram of latency in µs. */
export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_LATENCY_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records one latency, clamped to [1, MAX_LATENCY_US] µs (HDR takes integers). */
export function recordLatencyUs(histogram: LatencyHistogram, latencyUs: number): void {
  const value = latencyUs < 1 ? 1 : latencyUs > MAX_LATENCY_US ? MAX_LATENCY_US : Math.round(latencyUs);
  histogram.recordValue(value);
}

/** Compressed base64 (the HdrHistogram interchange format). */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram written by `encodeHistogram` ("" gives an empty histogram). */
export function decodeHistogram(encoded: string): LatencyHistogram {
  if (encoded === '') return createLatencyHistogram();
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  // Re-home the values into a histogram with our fixed range so `add` never resizes.
  const target = createLatencyHistogram();
  target.add(decoded);
  decoded.destroy();
  return target;
}

/** Adds every encoded histogram into one and returns it encoded. Exact (HDR add). */
export function mergeEncoded(encoded: readonly string[]): string {
  const total = createLatencyHistogram();
  for (const e of encoded) {
    if (e === '') continue;
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  const out = encodeHistogram(total);
  total.destroy();
  return out;
}

/** Frees a histogram (a no-op for pure-JS histograms; kept so WASM could be swapped in). */
export function destroyHistogram(histogram: LatencyHistogram): void {
  histogram.destroy();
}
