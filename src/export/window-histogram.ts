/**
 * A Prometheus histogram fed from the windows' HDR histograms (µs) instead of one
 * `observe()` per request: each merged window adds its counts to fixed buckets in seconds,
 * off the request path, once a second. prom-client renders it like its own histograms.
 */
import { decodeHistogram } from '../metrics/histogram.js';

/** OpenTelemetry's default buckets for http.client.request.duration, seconds. */
export const OTEL_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;

/** The JS HDR histogram's index walk (hdr-histogram-js JsHistogram, not in its public type). */
type Indexed = {
  countsArrayLength: number;
  getCountAtIndex: (i: number) => number;
  valueFromIndex: (i: number) => number;
};

/** `counts[b]`: requests in bucket b only (not cumulative); `count`: all, +Inf included. */
type Series = { counts: number[]; count: number; sumUs: number };

/** One sample as prom-client's registry renders it. */
export type SampleValue = { metricName: string; labels: Record<string, string | number>; value: number };

export class WindowHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  readonly #labelName: string;
  readonly #bucketsUs: number[];
  readonly #series = new Map<string, Series>();

  constructor(name: string, help: string, labelName: string, buckets: readonly number[] = OTEL_DURATION_BUCKETS) {
    this.name = name;
    this.help = help;
    this.#labelName = labelName;
    this.#bucketsUs = buckets.map((b) => b * 1e6);
  }

  /** Adds a window's encoded HDR histogram (µs) and its latency sum (µs) to the series `label`. */
  add(label: string, hdr: string, sumUs: number): void {
    if (hdr === '') return;
    let s = this.#series.get(label);
    if (s === undefined) {
      s = { counts: this.#bucketsUs.map(() => 0), count: 0, sumUs: 0 };
      this.#series.set(label, s);
    }
    const h = decodeHistogram(hdr);
    const walk = h as unknown as Indexed;
    // Values rise with the index, so one pass moves a bucket pointer forward; the counts are
    // per bucket here and made cumulative when rendered.
    const bounds = this.#bucketsUs;
    let b = 0;
    for (let i = 0; i < walk.countsArrayLength; i++) {
      const n = walk.getCountAtIndex(i);
      if (n === 0) continue;
      const v = walk.valueFromIndex(i);
      while (b < bounds.length && v > bounds[b]!) b++;
      s.count += n;
      if (b < bounds.length) s.counts[b]! += n;
    }
    h.destroy();
    s.sumUs += sumUs;
  }

  /** What prom-client's registry renders (cumulative buckets, +Inf, sum in seconds, count). */
  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: SampleValue[] }> {
    const values: SampleValue[] = [];
    for (const [label, s] of this.#series) {
      const labels = { [this.#labelName]: label };
      let cumulative = 0;
      this.#bucketsUs.forEach((b, i) => {
        cumulative += s.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: b / 1e6 }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: s.sumUs / 1e6 });
      values.push({ metricName: `${this.name}_count`, labels, value: s.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}
