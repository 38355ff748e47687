/**
 * Recording rules: the service's load relative to its measured capacity. Each carries the
 * `capplan_service` label, so rule files of several services live in one Prometheus.
 */
import { serviceQueries } from './promql.js';
import type { AlertOptions, Capacity, RecordingRule, Skipped } from './types.js';

export const RECORD = {
  rate: 'capplan:requests:rate',
  rateRatio: 'capplan:rate_over_capacity:ratio',
  inflightRatio: 'capplan:inflight_over_knee:ratio',
  waiting: 'capplan:pool_waiting:sum',
  inUseRatio: 'capplan:pool_in_use:ratio',
  p99: 'capplan:latency_p99:seconds',
} as const;

/** `name{capplan_service="svc"}`: a recorded series of this service. */
export const recorded = (name: string, service: string): string => `${name}{capplan_service="${service}"}`;

const noMetric = (key: string): string => `no --metric ${key} (and no known convention names it)`;

export function recordingRules(
  options: AlertOptions,
  capacity: Capacity,
): { rules: RecordingRule[]; skipped: Skipped[] } {
  const q = serviceQueries(options.metrics, options.selector, options.rateWindowMs);
  const labels = { capplan_service: options.service };
  const rules: RecordingRule[] = [];
  const skipped: Skipped[] = [];
  const add = (record: string, expr: string | undefined, why: string): void => {
    if (expr === undefined) skipped.push({ rule: record, why });
    else rules.push({ record, expr, labels });
  };
  const notMeasured = (what: 'capacity' | 'knee'): string => {
    const word = what === 'knee' ? 'knee' : 'throughput';
    const why = capacity.missing.filter((m) => m.includes(word) || m.includes(what));
    return `${what} not measured: ${why.join('; ') || 'no run'}`;
  };
  add(RECORD.rate, q.rate, noMetric('requests'));
  const rateRef = recorded(RECORD.rate, options.service);
  add(
    RECORD.rateRatio,
    q.rate === undefined || capacity.rate === null ? undefined : `${rateRef} / ${capacity.rate}`,
    q.rate === undefined ? noMetric('requests') : notMeasured('capacity'),
  );
  add(
    RECORD.inflightRatio,
    q.inflight === undefined || capacity.knee === null ? undefined : `${q.inflight} / ${capacity.knee}`,
    q.inflight === undefined ? noMetric('inflight') : notMeasured('knee'),
  );
  add(RECORD.waiting, q.waiting, noMetric('pool_waiting'));
  add(
    RECORD.inUseRatio,
    q.inUseRatio,
    noMetric(options.metrics.pool_in_use === undefined ? 'pool_in_use' : 'pool_max'),
  );
  add(RECORD.p99, q.p99Seconds, noMetric('latency_bucket'));
  return { rules, skipped };
}
