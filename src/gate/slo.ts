/**
 * SLO gate: the candidate's own SLO results (absolute thresholds, so no baseline needed).
 * An overall SLO broken in the majority of candidate runs fails the gate; broken in some
 * runs only, it warns. Per-step results are left to each run's report: a capacity sweep
 * goes past the knee on purpose, where per-step SLOs are expected to break.
 */
import { formatValue } from '../format.js';
import { majority } from './goodput.js';
import type { GateMetricResult, GateSample, GateSlo } from './types.js';

const SYMBOL: Record<string, string> = { 'req/s': '≥' };

export function judgeSlos(candidate: readonly GateSample[]): GateMetricResult[] {
  const groups = new Map<string, GateSlo[]>();
  for (const sample of candidate) {
    for (const slo of sample.slo) {
      if (slo.scope !== 'overall') continue;
      const key = `${slo.request ?? ''}\u0000${slo.metric}\u0000${slo.scope}`;
      groups.set(key, [...(groups.get(key) ?? []), slo]);
    }
  }
  return [...groups.values()].map((results) => judgeOne(results, candidate.length));
}

function judgeOne(results: readonly GateSlo[], runs: number): GateMetricResult {
  const first = results[0]!;
  const broken = results.filter((r) => !r.pass);
  const higherIsBetter = first.unit === 'req/s';
  const worst = results.reduce((w, r) => ((higherIsBetter ? r.actual < w : r.actual > w) ? r.actual : w), first.actual);
  const rule =
    `${first.request === undefined ? '' : `${first.request} `}${first.metric} ` +
    `${SYMBOL[first.unit] ?? '≤'} ${show(first.threshold, first.unit)}`;
  const status = majority(broken.length, runs) ? 'fail' : broken.length > 0 ? 'warn' : 'pass';
  const message =
    broken.length === 0
      ? `SLO ${rule} met in ${results.length === 1 ? 'the only run' : `all ${results.length} runs`} ` +
        `(worst ${show(worst, first.unit)})`
      : `SLO ${rule} broken in ${broken.length} of ${runs} runs (worst ${show(worst, first.unit)})` +
        (status === 'warn' ? ': not a majority' : '');
  const mean = results.reduce((sum, r) => sum + r.actual, 0) / results.length;
  return {
    name: `SLO ${first.metric} (${first.request === undefined ? '' : `${first.request}, `}${first.scope})`,
    kind: 'slo',
    gated: true,
    status,
    unit: first.unit,
    baseline: { mean: first.threshold, n: 0 },
    candidate: { mean, n: results.length },
    changePct: null,
    marginPct: null,
    noisePct: null,
    upperBoundPct: null,
    message,
  };
}

function show(value: number, unit: GateSlo['unit']): string {
  if (unit === 'ratio') return `${Number((value * 100).toPrecision(3))}%`;
  return `${formatValue(value)} ${unit}`;
}
