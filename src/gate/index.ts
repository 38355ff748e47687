/**
 * The CI gate on capacity regressions (DESIGN.md §7, ANALYSIS.md §5): candidate runs
 * against a baseline history, metric by metric, in this order:
 *   1. max goodput (primary; log-scale noise-aware rule, rule.ts)
 *   2. error onset (earlier by ≥ one tested level in the majority of runs)
 *   3. knee (warn-only unless `gateKnee`; censoring rules)
 *   4. the candidate's SLOs (a broken SLO fails)
 * A regression FAIL is tentative until a confirmation batch has been run (`gateWithConfirmation`);
 * a broken SLO fails at once. Pure: samples and options in, a `GateVerdict` out.
 */
import { judgeMaxGoodput } from './goodput.js';
import { judgeKnee } from './knee.js';
import { judgeErrorOnset } from './onset.js';
import type { LogRuleOptions } from './rule.js';
import { judgeSlos } from './slo.js';
import {
  DEFAULT_GATE_OPTIONS,
  type GateMetricResult,
  type GateOptions,
  type GateSample,
  type GateStatus,
  type GateVerdict,
} from './types.js';

export { DEFAULT_GATE_OPTIONS } from './types.js';
export type { GateMetricResult, GateOptions, GateSample, GateVerdict } from './types.js';

/** Compares candidate runs to baseline runs. Never throws on data: missing metrics are "skipped". */
export function compareRuns(
  baseline: readonly GateSample[],
  candidate: readonly GateSample[],
  options: Partial<GateOptions> = {},
): GateVerdict {
  const opts: GateOptions = { ...DEFAULT_GATE_OPTIONS, ...options };
  const notes: string[] = [];
  const base = usableBaseline(baseline, notes);
  const { usable: cand, saturated, untrustworthy } = usableCandidates(candidate, notes);
  noteBaselineSize(base.length, opts, notes);
  noteScenarioMismatch(base, candidate, notes);
  // Bonferroni: split α over the metrics the t bound can fail (goodput, and the knee when gated).
  const statisticalMetrics = opts.gateKnee ? 2 : 1;
  const alphaPerMetric = opts.alpha / statisticalMetrics;
  const rule: LogRuleOptions = {
    tolerance: opts.tolerance,
    alpha: alphaPerMetric,
    priorCv: opts.priorCv,
    priorWeight: opts.priorWeight,
    minBaselineRuns: opts.minBaselineRuns,
  };
  const metrics: GateMetricResult[] = [
    judgeMaxGoodput(base, cand, rule),
    judgeErrorOnset(base, cand),
    judgeKnee(base, cand, rule, opts.gateKnee),
    ...judgeSlos(cand),
  ];
  const status = decideStatus(metrics, opts, notes, cand.length);
  return {
    schema: 'capplan.gate/v1',
    status,
    metrics,
    notes,
    baselineRuns: base.length,
    candidateRuns: candidate.length,
    confirmation: opts.confirmation,
    generatorSaturatedRuns: saturated,
    untrustworthy,
    tolerance: opts.tolerance,
    alphaPerMetric,
  };
}

function decideStatus(
  metrics: readonly GateMetricResult[],
  opts: GateOptions,
  notes: string[],
  candidateRuns: number,
): GateStatus {
  const failing = metrics.filter((m) => m.gated && m.status === 'fail');
  if (failing.some((m) => m.kind === 'slo')) return 'fail';
  if (failing.length > 0) {
    const what = failing.map((m) => m.name).join(', ');
    if (opts.confirmation === 'available') {
      notes.push(`tentative FAIL on ${what}: a confirmation batch decides`);
      return 'needs-confirmation';
    }
    if (opts.confirmation === 'unavailable') {
      notes.push(
        `no confirmation batch available: pass more candidate runs (6 or more) to confirm the FAIL on ${what}`,
      );
    } else {
      notes.push(`FAIL on ${what} confirmed on all ${candidateRuns} candidate runs`);
    }
    return 'fail';
  }
  return metrics.some((m) => m.status === 'warn' || (m.status === 'fail' && !m.gated)) ? 'warn' : 'pass';
}

/**
 * Candidate runs the generator limited say nothing about the target: leave them out. When
 * they are the majority (or all), the verdict as a whole is untrustworthy (exit 4) and is
 * computed on every run only so that people still see numbers.
 */
function usableCandidates(
  candidate: readonly GateSample[],
  notes: string[],
): { usable: GateSample[]; saturated: number; untrustworthy: boolean } {
  const clean = candidate.filter((s) => !s.generatorSaturated);
  const saturated = candidate.length - clean.length;
  if (saturated === 0) return { usable: [...candidate], saturated, untrustworthy: false };
  if (clean.length * 2 > candidate.length) {
    notes.push(
      `left out ${saturated} of ${candidate.length} candidate runs that saturated the load generator in measured steps`,
    );
    return { usable: clean, saturated, untrustworthy: false };
  }
  notes.push(
    `${saturated} of ${candidate.length} candidate runs saturated the load generator in measured steps: ` +
      'results not trustworthy (use more workers, a bigger runner, or a lower sweep)',
  );
  return { usable: [...candidate], saturated, untrustworthy: true };
}

/** Leaves out baseline runs whose generator saturated (they under-state capacity), unless none would remain. */
function usableBaseline(baseline: readonly GateSample[], notes: string[]): GateSample[] {
  const clean = baseline.filter((s) => !s.generatorSaturated);
  if (clean.length === baseline.length) return [...baseline];
  if (clean.length === 0) {
    notes.push('every baseline run saturated the load generator: the baseline itself is not trustworthy');
    return [...baseline];
  }
  notes.push(`left out ${baseline.length - clean.length} baseline runs that saturated the load generator`);
  return clean;
}

function noteBaselineSize(n: number, opts: GateOptions, notes: string[]): void {
  if (n === 0) notes.push('no baseline runs: nothing to compare against');
  else if (n < opts.minBaselineRuns) {
    notes.push(
      `only ${n} baseline run${n === 1 ? '' : 's'}: the noise estimate is weak, ` +
        `so a prior run-to-run noise of ±${Math.round(opts.priorCv * 1000) / 10}% is combined with ` +
        `the observed one (keep ≥ ${opts.minBaselineRuns}, ideally 10, runs in the baseline history)`,
    );
  }
}

function noteScenarioMismatch(
  baseline: readonly GateSample[],
  candidate: readonly GateSample[],
  notes: string[],
): void {
  const names = new Set([...baseline, ...candidate].map((s) => s.scenario));
  if (names.size > 1) {
    notes.push(
      'baseline and candidate come from different scenarios ' +
        `(${[...names].join(', ')}): the comparison may be meaningless`,
    );
    return;
  }
  const hashes = new Set([...baseline, ...candidate].map((s) => s.scenarioSha256).filter((h) => h !== ''));
  if (hashes.size > 1)
    notes.push('the scenario file changed between baseline and candidate runs: check that the load shape is the same');
}
