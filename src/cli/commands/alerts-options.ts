/**
 * Flags shared by `capplan alerts` and `capplan watch`: the runs, the service's metric
 * names (convention from the runs' probe, `--convention`, `--metric`), fractions, durations.
 */
import { resolve } from 'node:path';
import {
  CONVENTION_BUCKETS,
  PROMETHEUS_DEFAULT_BUCKETS,
  parseBuckets,
  parseMetricFlags,
  resolveMetrics,
} from '../../alerts/conventions.js';
import type { MetricNames, MetricSource } from '../../alerts/types.js';
import { UsageError } from '../../errors.js';
import { readRunRecord } from '../../record/read.js';
import type { RunRecord } from '../../record/types.js';
import { parseDurationMs } from '../../scenario/duration.js';
import type { Io } from '../io.js';

export type Runs = { record: RunRecord; file: string }[];

export const readRuns = (files: readonly string[], io: Io): Runs =>
  files.map((file) => ({ record: readRunRecord(resolve(io.cwd, file)), file }));

export function fraction(flag: string, value: unknown, max: number): number {
  const text = String(value).trim();
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new UsageError(`${flag} must be a percentage like 80% (up to ${max * 100}%), got "${text}"`);
  return n;
}

export function duration(flag: string, value: unknown, minMs = 1000): number {
  const ms = parseDurationMs(String(value));
  if (ms === undefined || ms < minMs)
    throw new UsageError(
      `${flag} must be a duration of at least ${minMs / 1000}s like 30s or 2m, got "${String(value)}"`,
    );
  return ms;
}

/** Metric names the runs' Prometheus probes sampled (resolved scenario, as recorded). */
function probeMetrics(records: readonly RunRecord[]): string[] {
  return records.flatMap((r) => {
    const probes = (r.scenario.resolved as { probes?: unknown } | null)?.probes;
    if (!Array.isArray(probes)) return [];
    return probes.flatMap((p: unknown) => {
      const metrics = (p as { metrics?: unknown } | null)?.metrics;
      return Array.isArray(metrics) ? metrics.filter((m): m is string => typeof m === 'string') : [];
    });
  });
}

export function metricsFor(opts: Record<string, unknown>, runs: Runs): { metrics: MetricNames; source: MetricSource } {
  const given = parseMetricFlags(Array.isArray(opts['metric']) ? (opts['metric'] as unknown[]).map(String) : []);
  const convention = opts['convention'] === undefined ? undefined : String(opts['convention']);
  return resolveMetrics(given, convention, probeMetrics(runs.map((r) => r.record)));
}

/** `--latency-buckets`, else the convention's buckets, else the Prometheus clients' defaults. */
export function bucketsFor(opts: Record<string, unknown>, source: MetricSource): readonly number[] {
  if (opts['latencyBuckets'] !== undefined) return parseBuckets(String(opts['latencyBuckets']));
  return (source.convention === null ? undefined : CONVENTION_BUCKETS[source.convention]) ?? PROMETHEUS_DEFAULT_BUCKETS;
}
