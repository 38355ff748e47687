/**
 * Flags shared by `capplan alerts` and `capplan watch` (declared in metric-flags.ts), checked:
 * the runs, the service's metric names (convention from the runs' probe, `--convention`,
 * `--metric`), fractions, durations.
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
import type { MetricFlags } from './metric-flags.js';

export type Runs = { record: RunRecord; file: string }[];

export const readRuns = (files: readonly string[], io: Io): Runs =>
  files.map((file) => ({ record: readRunRecord(resolve(io.cwd, file)), file }));

export function fraction(flag: string, value: string, max: number): number {
  const text = value.trim();
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new UsageError(`${flag} must be a percentage like 80% (up to ${max * 100}%), got "${text}"`);
  return n;
}

export function duration(flag: string, value: string, minMs = 1000): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms < minMs)
    throw new UsageError(`${flag} must be a duration of at least ${minMs / 1000}s like 30s or 2m, got "${value}"`);
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

/** The shared flags, checked (one-line UsageErrors). */
export type MetricOptions = {
  given: MetricNames;
  convention?: string;
  selector: string;
  warnAt: number;
  latencyMargin: number;
  latencyBuckets?: readonly number[];
  rateWindowMs: number;
};

export function metricOptions(flags: MetricFlags): MetricOptions {
  const { convention, latencyBuckets } = flags;
  return {
    given: parseMetricFlags(flags.metric ?? []),
    ...(convention === undefined ? {} : { convention }),
    selector: flags.selector,
    warnAt: fraction('--warn-at', flags.warnAt, 1),
    latencyMargin: fraction('--latency-margin', flags.latencyMargin, 10),
    ...(latencyBuckets === undefined ? {} : { latencyBuckets: parseBuckets(latencyBuckets) }),
    rateWindowMs: duration('--rate-window', flags.rateWindow),
  };
}

export function metricsFor(options: MetricOptions, runs: Runs): { metrics: MetricNames; source: MetricSource } {
  return resolveMetrics(options.given, options.convention, probeMetrics(runs.map((r) => r.record)));
}

/** `--latency-buckets`, else the convention's buckets, else the Prometheus clients' defaults. */
export function bucketsFor(options: MetricOptions, source: MetricSource): readonly number[] {
  if (options.latencyBuckets !== undefined) return options.latencyBuckets;
  return (source.convention === null ? undefined : CONVENTION_BUCKETS[source.convention]) ?? PROMETHEUS_DEFAULT_BUCKETS;
}
