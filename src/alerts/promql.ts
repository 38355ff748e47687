/**
 * PromQL for the service's load and pool, built from the user's metric names and selector.
 * One builder serves the recording rules (`capplan alerts`) and the live queries
 * (`capplan watch`), so both read the service the same way.
 */
import { UsageError } from '../errors.js';
import type { MetricKey, MetricNames } from './types.js';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Label matchers inside a selector, without braces: `{job="x"}` and `job="x"` give `job="x"`. */
export function selectorBody(selector: string): string {
  const trimmed = selector.trim();
  const body = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1).trim() : trimmed;
  if (body.includes('{') || body.includes('}'))
    throw new UsageError(`--selector must be label matchers like '{job="checkout"}'; got "${selector}"`);
  return body;
}

/** `name{own matchers, selector matchers}` for a metric given as `name` or `name{...}`. */
export function vectorSelector(metric: string, selector: string): string {
  const open = metric.indexOf('{');
  const name = (open < 0 ? metric : metric.slice(0, open)).trim();
  if (!NAME.test(name) || (open >= 0 && !metric.trim().endsWith('}'))) {
    throw new UsageError(`not a Prometheus metric name: "${metric}"`);
  }
  const own =
    open < 0
      ? ''
      : metric
          .trim()
          .slice(open + 1, -1)
          .trim();
  const parts = [own, selectorBody(selector)].filter((p) => p !== '');
  return parts.length === 0 ? name : `${name}{${parts.join(', ')}}`;
}

/** Prometheus duration text for a window in ms (whole seconds when possible). */
export function promDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms)}ms`;
}

/** The service-level expressions; each is undefined when its metrics are unknown. */
export type ServiceQueries = Partial<
  Record<'rate' | 'inflight' | 'waiting' | 'inUseRatio' | 'timeouts' | 'p99Seconds', string>
>;

export function serviceQueries(metrics: MetricNames, selector: string, windowMs: number): ServiceQueries {
  const w = promDuration(windowMs);
  const sel = (key: MetricKey): string | undefined => {
    const m = metrics[key];
    return m === undefined ? undefined : vectorSelector(m, selector);
  };
  const requests = sel('requests');
  const inflight = sel('inflight');
  const waiting = sel('pool_waiting');
  const inUse = sel('pool_in_use');
  const max = sel('pool_max');
  const timeouts = sel('acquire_timeouts');
  const bucket = sel('latency_bucket');
  const q: ServiceQueries = {};
  if (requests !== undefined) q.rate = `sum(rate(${requests}[${w}]))`;
  if (inflight !== undefined) q.inflight = `sum(${inflight})`;
  if (waiting !== undefined) q.waiting = `sum(${waiting})`;
  // A pool is per instance: the fullest instance's pool, not the fleet's average.
  if (inUse !== undefined && max !== undefined)
    q.inUseRatio = `max(sum by (instance) (${inUse}) / sum by (instance) (${max}))`;
  if (timeouts !== undefined) q.timeouts = `sum(increase(${timeouts}[${w}]))`;
  if (bucket !== undefined) q.p99Seconds = `histogram_quantile(0.99, sum by (le) (rate(${bucket}[${w}])))`;
  return q;
}
