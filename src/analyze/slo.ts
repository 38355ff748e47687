/**
 * SLO evaluation (DESIGN.md §4 `slo:`): every threshold per step/stage and overall.
 * Latency percentiles of unstable open-model steps are not steady-state values (they grow
 * for as long as the step lasts), so such steps only ever count as violations and are left
 * out of the overall percentiles (ANALYSIS.md §3.6). `capacityAtSlo` is the highest tested
 * level whose steps all meet every SLO. Latency SLOs count every request, failed and timed
 * out ones too (a timeout at its timeout: `latencyAllMs`), where the record has it; older
 * records only have ok latency. Each result says which (`latency: 'all' | 'ok'`).
 */
import { mergeEncoded } from '../metrics/histogram.js';
import { summarizeEncoded } from '../metrics/summarize.js';
import type { LatencySummary } from '../metrics/types.js';
import type { SloResult, StepRecord } from '../record/types.js';
import type { SloSpec } from '../scenario/types.js';
import { maxOf } from '../stats/index.js';

type Check = {
  metric: string;
  threshold: number;
  unit: SloResult['unit'];
  value: (s: Measured) => number;
  higherIsBetter: boolean;
};
type Measured = {
  latencyMs: LatencySummary;
  latencyAllMs?: LatencySummary | undefined;
  errorRate: number;
  goodputPerSec: number;
};

/** The latency an SLO counts: every request when known, else the ok ones. */
const sloLatency = (s: Measured): LatencySummary => s.latencyAllMs ?? s.latencyMs;

const LATENCY: [keyof SloSpec, keyof LatencySummary, string][] = [
  ['p50Ms', 'p50', 'p50'],
  ['p90Ms', 'p90', 'p90'],
  ['p95Ms', 'p95', 'p95'],
  ['p99Ms', 'p99', 'p99'],
  ['p999Ms', 'p999', 'p99.9'],
];

function checksOf(slo: SloSpec): Check[] {
  const checks: Check[] = [];
  for (const [key, field, name] of LATENCY) {
    const t = slo[key];
    if (t === undefined) continue;
    checks.push({ metric: name, threshold: t, unit: 'ms', value: (s) => sloLatency(s)[field], higherIsBetter: false });
  }
  if (slo.errorRate !== undefined)
    checks.push({
      metric: 'errorRate',
      threshold: slo.errorRate,
      unit: 'ratio',
      value: (s) => s.errorRate,
      higherIsBetter: false,
    });
  if (slo.minThroughputPerSec !== undefined) {
    checks.push({
      metric: 'minThroughput',
      threshold: slo.minThroughputPerSec,
      unit: 'req/s',
      value: (s) => s.goodputPerSec,
      higherIsBetter: true,
    });
  }
  return checks;
}

function passes(c: Check, v: number): boolean {
  return c.higherIsBetter ? v >= c.threshold : v <= c.threshold;
}

/** `passingLevels`: the tested levels whose steps all met every threshold. */
export type SloEvaluation = { results: SloResult[]; capacityAtSlo: number | null; passingLevels: number[] };

/**
 * `overall` is the whole measured run: latency from the merged histogram of the stable
 * steps (the caller merges; pass null to fall back to the worst stable step).
 */
export function evaluateSlos(
  steps: readonly StepRecord[],
  slo: SloSpec | undefined,
  unstable: ReadonlySet<number>,
  overallLatency: LatencySummary | null,
  overallBasis: 'all' | 'ok' = 'ok',
): SloEvaluation {
  if (slo === undefined) return { results: [], capacityAtSlo: null, passingLevels: [] };
  const checks = checksOf(slo);
  if (checks.length === 0) return { results: [], capacityAtSlo: null, passingLevels: [] };
  const results: SloResult[] = [];
  const levelOk = new Map<number, boolean>();
  for (const step of steps) {
    // A step that sent nothing tested nothing: it never passes (issue #11, defect 2.2).
    const diverging = unstable.has(step.index) || step.sent + step.dropped === 0;
    let allPass = true;
    for (const c of checks) {
      const actual = c.value(step);
      const pass = !diverging && passes(c, actual);
      allPass &&= pass;
      const basis =
        c.unit === 'ms' ? { latency: step.latencyAllMs === undefined ? ('ok' as const) : ('all' as const) } : {};
      results.push({
        metric: c.metric,
        scope: step.label,
        threshold: c.threshold,
        actual,
        unit: c.unit,
        pass,
        ...basis,
      });
    }
    if (step.kind !== 'stage' || step.level === step.fromLevel)
      levelOk.set(step.level, (levelOk.get(step.level) ?? true) && allPass);
  }
  const stable = steps.filter((s) => !unstable.has(s.index) && s.ok + s.errorCount > 0);
  const ok = steps.reduce((n, s) => n + s.ok, 0);
  const errors = steps.reduce((n, s) => n + s.errorCount + s.dropped, 0);
  const seconds = steps.reduce((n, s) => n + s.durationMs / 1000, 0);
  const latency = overallLatency ?? worstLatency(stable);
  const overall: Measured = {
    latencyMs: latency,
    errorRate: ok + errors > 0 ? errors / (ok + errors) : 0,
    goodputPerSec: seconds > 0 ? ok / seconds : 0,
  };
  for (const c of checks) {
    const actual = c.value(overall);
    const pass = passes(c, actual) && (c.unit !== 'ms' || unstable.size === 0);
    const basis = c.unit === 'ms' ? { latency: overallLatency === null ? ('ok' as const) : overallBasis } : {};
    results.push({ metric: c.metric, scope: 'overall', threshold: c.threshold, actual, unit: c.unit, pass, ...basis });
  }
  const passing = [...levelOk].filter(([, p]) => p).map(([level]) => level);
  return { results, capacityAtSlo: passing.length > 0 ? maxOf(passing) : null, passingLevels: passing };
}

/**
 * Latency of the stable steps' requests: every request when the steps have the failed ones'
 * histograms (`basis: 'all'`), else the ok ones; null when unreadable or none.
 */
export function overallLatency(
  steps: readonly StepRecord[],
  unstable: ReadonlySet<number>,
): { summary: LatencySummary; basis: 'all' | 'ok' } | null {
  const kept = steps.filter((s) => !unstable.has(s.index) && s.ok + s.errorCount > 0);
  const all = kept.length > 0 && kept.every((s) => s.hdrErrors !== undefined);
  const hdrs = kept.flatMap((s) => (all ? [s.hdr, s.hdrErrors as string] : s.latencyMs.count > 0 ? [s.hdr] : []));
  if (hdrs.length === 0 || hdrs.some((h) => h === '')) return null;
  try {
    return { summary: summarizeEncoded(mergeEncoded(hdrs)), basis: all ? 'all' : 'ok' };
  } catch {
    return null; // an unreadable histogram: fall back to the worst step
  }
}

function worstLatency(steps: readonly StepRecord[]): LatencySummary {
  const pick = (f: keyof LatencySummary): number =>
    maxOf(
      steps.map((s) => sloLatency(s)[f]),
      0,
    );
  return {
    count: steps.reduce((n, s) => n + s.latencyMs.count, 0),
    p50: pick('p50'),
    p90: pick('p90'),
    p95: pick('p95'),
    p99: pick('p99'),
    p999: pick('p999'),
    max: pick('max'),
    mean: pick('mean'),
  };
}
