/**
 * Turns one scrape into probe values: gauges as they are, counters as rates per second
 * since the previous scrape (a reset, when the value goes down, counts from zero as
 * Prometheus' rate() does), histograms and summaries as a request rate and an interval mean
 * (`<name>_count` per second, `<name>_mean`), summary quantiles as gauges, buckets skipped.
 * Pure: the caller keeps `CounterState` between scrapes.
 */
import type { PromSample } from './prom-text.js';

/** Cumulative values seen at the previous scrape, by series key, and when (ms). */
export type CounterState = { atMs: number; totals: Map<string, number> } | undefined;

export type ScrapeValues = {
  values: Record<string, number>;
  state: CounterState;
  /** Metric names from the filter that matched no sample. */
  missing: string[];
  /** Series dropped because of `maxSeries`. */
  dropped: number;
};

export type ScrapeOptions = { metrics: readonly string[] | undefined; maxSeries: number };

export function valuesFromScrape(
  samples: readonly PromSample[],
  previous: CounterState,
  atMs: number,
  options: ScrapeOptions,
): ScrapeValues {
  const wanted = options.metrics === undefined ? undefined : new Set(options.metrics);
  const found = new Set<string>();
  const totals = new Map<string, number>();
  const values: Record<string, number> = {};
  let count = 0;
  let dropped = 0;
  const put = (key: string, value: number): void => {
    if (key in values) return;
    if (count >= options.maxSeries) {
      dropped++;
      return;
    }
    values[key] = value;
    count++;
  };
  const elapsedSec = previous === undefined ? 0 : (atMs - previous.atMs) / 1000;
  const rate = (key: string, total: number): number | undefined => {
    totals.set(key, total);
    const before = previous?.totals.get(key);
    if (before === undefined || elapsedSec <= 0) return undefined;
    return (total >= before ? total - before : total) / elapsedSec;
  };
  for (const s of samples) {
    if (wanted !== undefined && !wanted.has(s.family) && !wanted.has(s.name)) continue;
    if (wanted !== undefined) found.add(wanted.has(s.name) ? s.name : s.family);
    const kind = kindOf(s);
    if (kind === 'skip') continue;
    if (kind === 'gauge') {
      put(seriesKey(s.name, s.labels), s.value);
    } else if (kind === 'counter') {
      const key = seriesKey(s.name, s.labels);
      const perSec = rate(key, s.value);
      if (perSec !== undefined) put(key, perSec);
    } else {
      addDistribution(s, kind, rate, put, totals, previous);
    }
  }
  const missing = wanted === undefined ? [] : [...wanted].filter((m) => !found.has(m));
  return { values, state: { atMs, totals }, missing, dropped };
}

type Kind = 'gauge' | 'counter' | 'count' | 'sum' | 'skip';

function kindOf(s: PromSample): Kind {
  if (s.name.endsWith('_created')) return 'skip';
  switch (s.type) {
    case 'gauge':
      return 'gauge';
    case 'counter':
      return 'counter';
    case 'histogram':
    case 'summary':
      if (s.name === `${s.family}_count`) return 'count';
      if (s.name === `${s.family}_sum`) return 'sum';
      // Summary quantiles are gauges; histogram buckets would add a series per bucket: skipped.
      return s.type === 'summary' && s.name === s.family ? 'gauge' : 'skip';
    case 'untyped':
      // Without a TYPE line, the `_total` naming convention is the best evidence of a counter.
      return s.name.endsWith('_total') ? 'counter' : 'gauge';
  }
}

/** `<family>_count` becomes a rate; `<family>_mean` = Δsum / Δcount over the interval. */
function addDistribution(
  s: PromSample,
  kind: 'count' | 'sum',
  rate: (key: string, total: number) => number | undefined,
  put: (key: string, value: number) => void,
  totals: Map<string, number>,
  previous: CounterState,
): void {
  const countKey = seriesKey(`${s.family}_count`, s.labels);
  const sumKey = seriesKey(`${s.family}_sum`, s.labels);
  if (kind === 'sum') {
    totals.set(sumKey, s.value);
  } else {
    const perSec = rate(countKey, s.value);
    if (perSec !== undefined) put(countKey, perSec);
  }
  // Both halves seen now and before: emit the mean once.
  const count = totals.get(countKey);
  const sum = totals.get(sumKey);
  const countBefore = previous?.totals.get(countKey);
  const sumBefore = previous?.totals.get(sumKey);
  if (count === undefined || sum === undefined || countBefore === undefined || sumBefore === undefined) return;
  const dCount = count - countBefore;
  if (dCount > 0 && sum >= sumBefore) put(seriesKey(`${s.family}_mean`, s.labels), (sum - sumBefore) / dCount);
}

/** `name` or `name{a="1",b="2"}` with labels sorted, so keys are stable between scrapes. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return name;
  keys.sort();
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}
