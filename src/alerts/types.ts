/**
 * Shapes of `capplan alerts`: which of the user's metrics play which part, the capacity the
 * runs measured, and the options that turn both into Prometheus rules.
 */

/** The parts a service's metrics play in the rules (`--metric KEY=name`). */
export const METRIC_KEYS = [
  'inflight',
  'requests',
  'pool_in_use',
  'pool_max',
  'pool_waiting',
  'acquire_timeouts',
  'latency_bucket',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** A metric name, optionally with its own label matchers: `db_client_connections_usage{state="used"}`. */
export type MetricNames = Partial<Record<MetricKey, string>>;

/** Where the metric names came from, for the file's header. */
export type MetricSource = { convention: string | null; given: MetricKey[] };

/** The capacity of one run, as far as it was measured. */
export type RunCapacity = {
  /** Scenario name and file the run came from, and when it started. */
  name: string;
  file: string;
  startedAt: string;
  verdict: string;
  /** Max throughput (req/s) when measured (not censored), else null. */
  rate: number | null;
  /** Knee concurrency when measured (not censored), else null. */
  knee: number | null;
  /** Highest p99 (ms) measured at loads below the warning fraction of capacity. */
  p99Ms: number | null;
  poolSize: number | null;
  /** Why a number is missing, one line each. */
  missing: string[];
};

/** The thresholds the rules use: the lowest capacity among the runs (conservative). */
export type Capacity = {
  runs: RunCapacity[];
  rate: number | null;
  knee: number | null;
  p99Ms: number | null;
  poolSize: number | null;
  /** Why the missing numbers are missing (from every run). */
  missing: string[];
};

export type AlertOptions = {
  /** Service label on every rule (`capplan_service`), and the group's name. */
  service: string;
  metrics: MetricNames;
  /** PromQL label matchers added to every metric: `{job="checkout"}` (braces optional). */
  selector: string;
  /** Fraction of capacity at which PoolNearExhaustion fires (0..1). */
  warnAt: number;
  /** p99 above the modelled p99 by this fraction fires LatencyAboveCapacityModel. */
  latencyMargin: number;
  /**
   * The service's histogram bucket bounds, seconds. The latency limit is rounded up to one:
   * inside a bucket, histogram_quantile interpolates, and a few requests just past the
   * bucket's lower bound would read as a p99 above the limit.
   */
  latencyBuckets: readonly number[];
  /** Range of rate()/increase(), ms. */
  rateWindowMs: number;
  /** Overrides every rule's `for:`, ms. */
  forMs?: number;
};

export type RecordingRule = { record: string; expr: string; labels: Record<string, string> };
export type AlertingRule = {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};
export type Rule = RecordingRule | AlertingRule;

/** A rule left out, and why. */
export type Skipped = { rule: string; why: string };

export type RuleSet = {
  group: string;
  rules: Rule[];
  skipped: Skipped[];
};
