import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../src/probes/prom-text.js';
import { seriesKey, valuesFromScrape } from '../../src/probes/prom-values.js';
import type { CounterState, ScrapeOptions } from '../../src/probes/prom-values.js';

const scrape = (
  requests200: number,
  requests503: number,
  waiting: number,
  latCount: number,
  latSum: number,
): string => `
# TYPE db_pool_waiting gauge
db_pool_waiting ${waiting}
# TYPE http_requests_total counter
http_requests_total{status="200"} ${requests200}
http_requests_total{status="503"} ${requests503}
# TYPE lat histogram
lat_bucket{le="0.1"} ${latCount}
lat_bucket{le="+Inf"} ${latCount}
lat_sum ${latSum}
lat_count ${latCount}
# TYPE rpc summary
rpc{quantile="0.99"} 0.25
rpc_sum 4
rpc_count 8
no_type_total 10
no_type_gauge 7
`;

const all: ScrapeOptions = { metrics: undefined, maxSeries: 500 };

function run(texts: string[], stepMs: number, options: ScrapeOptions = all) {
  let state: CounterState;
  return texts.map((text, i) => {
    const r = valuesFromScrape(parsePrometheusText(text).samples, state, 1_000_000 + i * stepMs, options);
    state = r.state;
    return r;
  });
}

describe('valuesFromScrape', () => {
  it('keeps gauges, and gives counters only once there is a previous scrape', () => {
    const [first] = run([scrape(100, 0, 2, 10, 1)], 1000);
    expect(first!.values).toEqual({ db_pool_waiting: 2, no_type_gauge: 7, 'rpc{quantile="0.99"}': 0.25 });
  });

  it('turns counters into rates per second between scrapes', () => {
    const [, second, third] = run(
      [scrape(100, 0, 2, 10, 1), scrape(300, 50, 4, 30, 3), scrape(300, 50, 0, 30, 3)],
      2000,
    );
    expect(second!.values).toMatchObject({
      'http_requests_total{status="200"}': 100,
      'http_requests_total{status="503"}': 25,
      db_pool_waiting: 4,
      no_type_total: 0,
    });
    expect(third!.values['http_requests_total{status="200"}']).toBe(0);
  });

  it('treats a counter that went down as a reset (counts from zero)', () => {
    const [, second] = run([scrape(1000, 0, 0, 0, 0), scrape(40, 0, 0, 0, 0)], 1000);
    expect(second!.values['http_requests_total{status="200"}']).toBe(40);
  });

  it('gives histograms a request rate and an interval mean, and skips buckets', () => {
    const [, second, third] = run([scrape(0, 0, 0, 10, 1), scrape(0, 0, 0, 30, 5), scrape(0, 0, 0, 30, 5)], 1000);
    expect(second!.values['lat_count']).toBe(20);
    expect(second!.values['lat_mean']).toBeCloseTo(0.2, 10);
    expect(Object.keys(second!.values).some((k) => k.includes('bucket'))).toBe(false);
    // No requests in the interval: no mean (not 0, not NaN).
    expect(third!.values['lat_count']).toBe(0);
    expect('lat_mean' in third!.values).toBe(false);
  });

  it('filters by family or sample name and reports the ones never seen', () => {
    const options = { metrics: ['db_pool_waiting', 'http_requests_total', 'db_pool_in_use'], maxSeries: 500 };
    const [first, second] = run([scrape(1, 0, 5, 0, 0), scrape(3, 0, 6, 0, 0)], 1000, options);
    expect(first!.values).toEqual({ db_pool_waiting: 5 });
    expect(first!.missing).toEqual(['db_pool_in_use']);
    expect(Object.keys(second!.values).sort()).toEqual([
      'db_pool_waiting',
      'http_requests_total{status="200"}',
      'http_requests_total{status="503"}',
    ]);
  });

  it('caps the number of series and counts the dropped ones', () => {
    const text = Array.from({ length: 10 }, (_, i) => `g{i="${i}"} ${i}`).join('\n');
    const [r] = run([text], 1000, { metrics: undefined, maxSeries: 4 });
    expect(Object.keys(r!.values)).toHaveLength(4);
    expect(r!.dropped).toBe(6);
  });
});

describe('seriesKey', () => {
  it('sorts labels so keys are stable', () => {
    expect(seriesKey('m', {})).toBe('m');
    expect(seriesKey('m', { b: '2', a: 'x"y' })).toBe('m{a="x\\"y",b="2"}');
  });
});
