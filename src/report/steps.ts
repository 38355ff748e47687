/**
 * Steps and probes as the reports show them: sweep levels sorted by level, stages in run
 * order, each with its flags (why a step is not to be trusted or was left out of the fit).
 */
import type { ProbeSeries, RunRecord, StepRecord } from '../record/types.js';

export type StepRow = {
  step: StepRecord;
  /** Short words: "gen-saturated", "unstable", "warm-up 1 s", "excluded", "refine". */
  flags: string[];
  /** Why the analyzer left this step out of the fit, when it did. */
  excludedWhy: string | null;
};

/** True when steps are sweep levels (ordered by level), false for traffic-shape stages. */
/**
 * Windows to plot as rates over time: the drain window after the schedule's end holds the
 * completions of requests still in flight (counted in totals) and is shorter or longer than
 * 1 s, so a per-second rate of it would draw a false spike or dip.
 */
export function timeWindows(record: RunRecord): RunRecord['windows'] {
  return record.windows.filter((w) => w.drain !== true);
}

export function isSweep(record: RunRecord): boolean {
  return record.steps.length > 0 && record.steps.every((s) => s.kind !== 'stage');
}

/** Warm-up seconds dropped from each phase, by phase index. */
function warmupSecondsByPhase(record: RunRecord): Map<number, number> {
  const out = new Map<number, number>();
  for (const w of record.windows) {
    if (w.warmup) out.set(w.phaseIndex, (out.get(w.phaseIndex) ?? 0) + w.durationMs / 1000);
  }
  return out;
}

/**
 * A note when every step had the same warm-up dropped ("first 1 s of every level"), so the
 * table need not repeat it on each row; null otherwise.
 */
export function commonWarmupNote(record: RunRecord): string | null {
  const byPhase = warmupSecondsByPhase(record);
  const values = record.steps.map((s) => byPhase.get(s.phaseIndex) ?? 0);
  const first = values[0];
  if (first === undefined || first === 0 || values.some((v) => v !== first)) return null;
  return `warm-up excluded: the first ${first} s of every ${isSweep(record) ? 'level' : 'stage'}`;
}

/** Steps in reading order, with their flags. */
export function stepRows(record: RunRecord): StepRow[] {
  const byPhase = warmupSecondsByPhase(record);
  const perStepWarmup = commonWarmupNote(record) === null;
  const excluded = new Map(record.analysis.excludedSteps.map((e) => [e.index, e.why]));
  const steps = isSweep(record)
    ? [...record.steps].sort((a, b) => a.level - b.level || a.index - b.index)
    : record.steps;
  return steps.map((step) => {
    const flags: string[] = [];
    if (step.generatorSaturated) flags.push('gen-saturated');
    if (!step.stable) flags.push(step.inFlightGrowthPerSec > 0 ? 'unstable' : 'diverging');
    const warm = byPhase.get(step.phaseIndex) ?? 0;
    if (perStepWarmup && warm > 0) flags.push(`warm-up ${warm} s`);
    const why = excluded.get(step.index) ?? null;
    if (why !== null) flags.push('excluded');
    if (step.kind === 'refine') flags.push('refine');
    return { step, flags, excludedWhy: why };
  });
}

/** One probe metric at a glance: its peak and where in the run it happened. */
export type ProbeMetricSummary = {
  probe: string;
  metric: string;
  max: number;
  maxAtMs: number;
  maxStage: string | null;
  last: number;
};

/** Peak and last value of every probe metric, with the stage (phase label) of the peak. */
export function summarizeProbes(record: RunRecord): ProbeMetricSummary[] {
  const out: ProbeMetricSummary[] = [];
  for (const probe of record.probes ?? []) {
    for (const metric of probeMetricNames(probe)) out.push(summarizeMetric(record, probe, metric));
  }
  return out;
}

/** Metric names of a probe in first-seen order. */
export function probeMetricNames(probe: ProbeSeries): string[] {
  const names: string[] = [];
  for (const sample of probe.series)
    for (const name of Object.keys(sample.values)) if (!names.includes(name)) names.push(name);
  return names;
}

function summarizeMetric(record: RunRecord, probe: ProbeSeries, metric: string): ProbeMetricSummary {
  let max = -Infinity;
  let maxAtMs = 0;
  let last = 0;
  for (const sample of probe.series) {
    const v = sample.values[metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    last = v;
    if (v > max) {
      max = v;
      maxAtMs = sample.tMs;
    }
  }
  const window = record.windows.find((w) => maxAtMs >= w.tMs && maxAtMs < w.tMs + w.durationMs);
  return {
    probe: probe.name,
    metric,
    max: Number.isFinite(max) ? max : 0,
    maxAtMs,
    maxStage: window?.stage ?? null,
    last,
  };
}

/** Total errors by kind over the whole run (measured and warm-up windows). */
export function errorsByKind(record: RunRecord): [kind: string, count: number][] {
  const totals = new Map<string, number>();
  for (const w of record.windows)
    for (const [k, n] of Object.entries(w.errors)) totals.set(k, (totals.get(k) ?? 0) + n);
  return [...totals].sort((a, b) => b[1] - a[1]);
}
