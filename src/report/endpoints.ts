/**
 * Per-endpoint rows for every renderer (pure): each step (stage or sweep level) × request
 * name, from `steps[].byRequest`. Shown only when a run has two or more request names: with
 * one, the steps table already says everything (and reports of single-request runs stay as
 * they were).
 */
import type { EndpointResult, RunRecord, WindowRecord } from '../record/types.js';

export type EndpointRow = {
  /** Stage or sweep-level label. */
  step: string;
  name: string;
  /** Completions (ok + errors) per second. */
  ratePerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** True when no ok response measured latency. */
  noLatency: boolean;
  errors: number;
  errorRate: number;
};

/** Request names in first-appearance order over the steps (then the windows). */
export function endpointNames(record: RunRecord): string[] {
  const names: string[] = [];
  const add = (byRequest: object | undefined): void => {
    for (const name of Object.keys(byRequest ?? {})) if (!names.includes(name)) names.push(name);
  };
  for (const s of record.steps) add(s.byRequest);
  for (const w of record.windows) add(w.byRequest);
  return names;
}

/** The run has per-request results of two or more names. */
export function hasEndpoints(record: RunRecord): boolean {
  return endpointNames(record).length >= 2;
}

export function endpointRows(record: RunRecord): EndpointRow[] {
  if (!hasEndpoints(record)) return [];
  const names = endpointNames(record);
  return record.steps.flatMap((step) =>
    names.map((name): EndpointRow => {
      const r = step.byRequest?.[name];
      const ok = r?.ok ?? 0;
      const errors = r?.errorCount ?? 0;
      const seconds = step.durationMs / 1000;
      return {
        step: step.label,
        name,
        ratePerSec: seconds > 0 ? (ok + errors) / seconds : 0,
        p50Ms: r?.latencyMs.p50 ?? 0,
        p95Ms: r?.latencyMs.p95 ?? 0,
        p99Ms: r?.latencyMs.p99 ?? 0,
        noLatency: ok === 0,
        errors,
        errorRate: ok + errors > 0 ? errors / (ok + errors) : 0,
      };
    }),
  );
}

/** The analysis of each endpoint (absent in records without it). */
export function endpointFindings(record: RunRecord): readonly EndpointResult[] {
  return hasEndpoints(record) ? (record.analysis.endpoints ?? []) : [];
}

/** p99 of one endpoint in a window, NaN when it had no ok response there (a gap in the chart). */
export function windowP99(w: WindowRecord, name: string): number {
  const r = w.byRequest?.[name];
  return r !== undefined && r.ok > 0 ? r.latencyMs.p99 : Number.NaN;
}
