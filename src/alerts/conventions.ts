/**
 * Known metric conventions, so `capplan alerts` works without a `--metric` for common pools:
 * the demo target's `db_pool_*`, HikariCP through Micrometer, and OpenTelemetry's semantic
 * conventions for database client connections. The run's Prometheus probe picks one when it
 * names a metric of it; `--convention` picks one explicitly; `--metric` overrides any name.
 */
import { UsageError } from '../errors.js';
import { METRIC_KEYS, type MetricKey, type MetricNames, type MetricSource } from './types.js';

export const CONVENTIONS: Readonly<Record<string, MetricNames>> = {
  demo: {
    requests: 'http_requests_total',
    pool_in_use: 'db_pool_in_use',
    pool_max: 'db_pool_size',
    pool_waiting: 'db_pool_waiting',
    acquire_timeouts: 'db_pool_acquire_timeouts_total',
    latency_bucket: 'http_request_duration_seconds_bucket',
  },
  hikaricp: {
    requests: 'http_server_requests_seconds_count',
    pool_in_use: 'hikaricp_connections_active',
    pool_max: 'hikaricp_connections_max',
    pool_waiting: 'hikaricp_connections_pending',
    acquire_timeouts: 'hikaricp_connections_timeout_total',
    latency_bucket: 'http_server_requests_seconds_bucket',
  },
  otel: {
    inflight: 'http_server_active_requests',
    requests: 'http_server_request_duration_seconds_count',
    pool_in_use: 'db_client_connections_usage{state="used"}',
    pool_max: 'db_client_connections_max',
    pool_waiting: 'db_client_connections_pending_requests',
    acquire_timeouts: 'db_client_connections_timeouts_total',
    latency_bucket: 'http_server_request_duration_seconds_bucket',
  },
};

/** Prometheus clients' default histogram buckets, seconds (client_golang, prom-client, Micrometer). */
export const PROMETHEUS_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Latency bucket bounds by convention, seconds: the demo target's, OpenTelemetry's defaults. */
export const CONVENTION_BUCKETS: Readonly<Record<string, readonly number[]>> = {
  demo: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  hikaricp: PROMETHEUS_DEFAULT_BUCKETS,
  otel: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
};

/** Parses `--latency-buckets 0.05,0.1,0.25` (seconds, ascending). */
export function parseBuckets(text: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v, i) => !Number.isFinite(v) || v <= 0 || (i > 0 && v <= values[i - 1]!))) {
    throw new UsageError(
      `--latency-buckets expects ascending bucket bounds in seconds like 0.05,0.1,0.25; got "${text}"`,
    );
  }
  return values;
}

/** The metric-name prefix by which a probe's metric list reveals its convention. */
const PREFIXES: readonly [string, string][] = [
  ['db_pool_', 'demo'],
  ['hikaricp_', 'hikaricp'],
  ['db_client_connections_', 'otel'],
];

/** The convention the runs' Prometheus probes used, if any metric they sampled names one. */
export function conventionOfProbes(probeMetrics: readonly string[]): string | null {
  for (const [prefix, name] of PREFIXES) if (probeMetrics.some((m) => m.startsWith(prefix))) return name;
  return null;
}

/** Parses `--metric key=name` flags; unknown keys and empty names are usage errors. */
export function parseMetricFlags(flags: readonly string[]): MetricNames {
  const names: MetricNames = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = flag.slice(0, Math.max(0, eq));
    const name = flag.slice(eq + 1).trim();
    if (eq < 1 || !(METRIC_KEYS as readonly string[]).includes(key) || name === '') {
      throw new UsageError(`--metric expects KEY=name with KEY one of ${METRIC_KEYS.join(', ')}; got "${flag}"`);
    }
    names[key as MetricKey] = name;
  }
  return names;
}

/** Convention (explicit, else from the probes), overridden by the given names. */
export function resolveMetrics(
  given: MetricNames,
  convention: string | undefined,
  probeMetrics: readonly string[],
): { metrics: MetricNames; source: MetricSource } {
  if (convention !== undefined && CONVENTIONS[convention] === undefined) {
    throw new UsageError(`--convention must be one of ${Object.keys(CONVENTIONS).join(', ')}; got "${convention}"`);
  }
  const chosen = convention ?? conventionOfProbes(probeMetrics);
  const base = chosen === null ? {} : (CONVENTIONS[chosen] ?? {});
  return {
    metrics: { ...base, ...given },
    source: { convention: chosen, given: METRIC_KEYS.filter((k) => given[k] !== undefined) },
  };
}
