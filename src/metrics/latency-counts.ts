/**
 * Latency recording on the request hot path: integer counts in the HDR layout of
 * `createLatencyHistogram()` (1 µs .. 60 s, 3 significant digits), indexed with integer
 * arithmetic (`Math.clz32` and a shift) instead of hdr-histogram-js's `Math.log2`/`Math.pow`
 * per value, which was the largest cost of capplan's own per-request work. Once per window
 * the counts are folded into one shared HDR histogram and encoded: the encoding is identical
 * to recording every value into an HDR histogram (test/metrics/latency-counts.test.ts).
 */
import { createLatencyHistogram, encodeHistogram, MAX_LATENCY_US, type LatencyHistogram } from './histogram.js';

/** log2 of half the sub-bucket count for 3 significant digits (HDR: ceil(log2(2 * 10^3)) - 1). */
const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;

/** HDR counts index of an integer value in [1, MAX_LATENCY_US] (lowest discernible value 1). */
export function countsIndex(value: number): number {
  const shift = 31 - HALF_MAGNITUDE - Math.clz32(value);
  const bucket = shift > 0 ? shift : 0;
  return (bucket << HALF_MAGNITUDE) + (value >>> bucket);
}

/** The lowest value that lands on counts index `index` (HDR valueFromIndex). */
export function valueAtIndex(index: number): number {
  let bucket = (index >> HALF_MAGNITUDE) - 1;
  let sub = (index & (HALF_COUNT - 1)) + HALF_COUNT;
  if (bucket < 0) {
    sub -= HALF_COUNT;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

const COUNTS_LENGTH = countsIndex(MAX_LATENCY_US) + 1;

/** One histogram per thread to encode into: encoding is synchronous, so it is never shared in use. */
let scratch: LatencyHistogram | undefined;

export class LatencyCounts {
  readonly #counts = new Uint32Array(COUNTS_LENGTH);
  /** Indexes whose count is not zero, in first-seen order: folding and clearing touch only these. */
  readonly #touched = new Uint32Array(COUNTS_LENGTH);
  #touchedCount = 0;

  /** Records one latency, clamped to [1, MAX_LATENCY_US] µs and rounded (as `recordLatencyUs`). */
  record(latencyUs: number): void {
    const value = latencyUs < 1 ? 1 : latencyUs > MAX_LATENCY_US ? MAX_LATENCY_US : Math.round(latencyUs);
    const index = countsIndex(value);
    if (this.#counts[index]!++ === 0) this.#touched[this.#touchedCount++] = index;
  }

  /** The counts as an HDR histogram, compressed base64 (`encodeHistogram`); clears them. */
  takeEncoded(): string {
    const histogram = (scratch ??= createLatencyHistogram());
    histogram.reset();
    const counts = this.#counts;
    const touched = this.#touched;
    for (let i = 0; i < this.#touchedCount; i++) {
      const index = touched[i]!;
      histogram.recordValueWithCount(valueAtIndex(index), counts[index]!);
      counts[index] = 0;
    }
    this.#touchedCount = 0;
    return encodeHistogram(histogram);
  }
}
