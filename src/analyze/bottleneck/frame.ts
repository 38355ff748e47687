/**
 * What attribution looks at (ANALYSIS.md §9.1): the steps below and past the knee, the
 * knee itself, and each probe's values per step (the median of the samples taken during the
 * step's measured windows). Pure.
 */
import type { ProbeSeries, WindowRecord } from '../../record/types.js';
import type { Findings } from '../findings.js';
import { medianOf } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

/** One probe's median values during each step (same order as `Frame.steps`). */
export type ProbeSteps = { name: string; kind: ProbeSeries['kind']; values: Record<string, number>[] };

export type Frame = {
  model: Findings['model'];
  /** The knee (concurrency), the limit the run measured. */
  knee: number;
  xmax: number | null;
  r0Ms: number | null;
  /** Steps the generator kept up with, sorted by x (stage scenarios: the holds). */
  steps: StepSummary[];
  /** Index into `steps` of the first step at or past the knee. */
  kneeAt: number;
  probes: ProbeSteps[];
};

/** The metric name of a series key: `name{labels}` → `name`. */
export function metricName(key: string): string {
  const brace = key.indexOf('{');
  return brace < 0 ? key : key.slice(0, brace);
}

function stepSpan(s: StepSummary, windows: readonly WindowRecord[]): [number, number] {
  const first = windows[s.windowRange[0]];
  const last = windows[s.windowRange[1]];
  if (first === undefined || last === undefined) return [s.startMs, s.startMs + s.durationSec * 1000];
  return [first.tMs, last.tMs + last.durationMs];
}

function probeSteps(probe: ProbeSeries, steps: readonly StepSummary[], windows: readonly WindowRecord[]): ProbeSteps {
  const values = steps.map((s) => {
    const [from, to] = stepSpan(s, windows);
    const inside = probe.series.filter((p) => p.tMs >= from && p.tMs < to);
    const keys = new Set(inside.flatMap((p) => Object.keys(p.values)));
    const out: Record<string, number> = {};
    for (const k of keys) {
      const xs = inside.map((p) => p.values[k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      if (xs.length > 0) out[k] = medianOf(xs);
    }
    return out;
  });
  return { name: probe.name, kind: probe.kind, values };
}

/** Sweep: the knee and the steps; stages: the bound and the holds. Null without a knee. */
export function frameOf(
  f: Findings,
  probes: readonly ProbeSeries[] | undefined,
  windows: readonly WindowRecord[],
): Frame | null {
  const knee = f.stages?.knee ?? f.kneeValue;
  if (knee === null || knee === undefined) return null;
  const steps = f.steps
    .filter((s) => !s.generatorSaturated && s.ok + s.errorCount > 0 && s.why !== 'ramp')
    .sort((p, q) => p.x - q.x || p.index - q.index);
  const past = f.stages !== null ? new Set(f.stages.saturated.map((s) => s.index)) : null;
  const isPast = (s: StepSummary): boolean => (past !== null ? past.has(s.index) : s.x >= 0.95 * knee);
  const at = steps.findIndex(isPast);
  return {
    model: f.model,
    knee,
    xmax: f.xmax,
    r0Ms: f.r0Ms,
    steps,
    kneeAt: at < 0 ? steps.length : at,
    probes: (probes ?? []).map((p) => probeSteps(p, steps, windows)),
  };
}

export function below(fr: Frame): StepSummary[] {
  return fr.steps.slice(0, fr.kneeAt);
}

export function past(fr: Frame): StepSummary[] {
  return fr.steps.slice(fr.kneeAt);
}

/** Values of the metrics named by `match` (summed over label sets) per step; null when none. */
export function seriesOf(p: ProbeSteps, match: (name: string) => boolean): (number | null)[] | null {
  let seen = false;
  const out = p.values.map((v) => {
    let sum: number | null = null;
    for (const [k, x] of Object.entries(v)) {
      if (!match(metricName(k))) continue;
      sum = (sum ?? 0) + x;
      seen = true;
    }
    return sum;
  });
  return seen ? out : null;
}
