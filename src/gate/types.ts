/**
 * Data of the CI gate (DESIGN.md §7, ANALYSIS.md §5): the key metrics of one run
 * (`GateSample`, also the entry of a `capplan.history/v1` file), the options, and the
 * verdict, which is a result (plain data); only cli/ turns it into an exit code.
 */

import type { SloResult } from '../record/types.js';

/** One SLO check of a run, as the analyzer reported it (`Analysis.slo[]`). */
export type GateSlo = SloResult;

/** The key metrics of one run that the gate compares. */
export type GateSample = {
  /** Stable id of the run: `<scenario>@<startedAt>` (shards add `#i/n`). */
  runId: string;
  scenario: string;
  /** sha256 of the scenario file, to warn when baseline and candidate differ. */
  scenarioSha256: string;
  /** ISO time the run started. */
  startedAt: string;
  /** Max goodput plateau, req/s (Xmax); null when the run measured none. */
  maxGoodputPerSec: number | null;
  /** True when goodput was still rising at the last level: the value is a lower bound. */
  maxGoodputCensored: boolean;
  /** The capacity knee; `censored: "above"` = not reached (knee > maxLevelTested). */
  knee: { concurrency: number; ci95: [number, number]; censored: null | 'above' | 'below' } | null;
  /** Highest level (concurrency or rate) measured in the run (x_max); null without steps. */
  maxLevelTested: number | null;
  /** Levels measured, ascending (for people and tools reading a history; onsets are among them). */
  levelsTested: number[];
  /** Level at which errors began; null when there was no onset within the tested range. */
  errorOnset: number | null;
  slo: GateSlo[];
  /**
   * The generator limited measured steps and the analyzer could not conclude without them
   * (verdict "inconclusive" or no max goodput): the run says little about the target.
   */
  generatorSaturated: boolean;
};

export type MetricStatus = 'pass' | 'improved' | 'warn' | 'fail' | 'skipped';
export type GateStatus = 'pass' | 'warn' | 'fail' | 'needs-confirmation';

/**
 * Where the confirmation batch stands: `available` (a caller can run more candidates: a
 * tentative FAIL becomes `needs-confirmation`), `unavailable` (the FAIL stands, with a
 * note), `done` (these candidates include the confirmation batch).
 */
export type ConfirmationState = 'available' | 'unavailable' | 'done';

export type GateOptions = {
  /** Practical margin δ_user, fraction (default 0.10). */
  tolerance: number;
  /** Family-wise one-sided error rate; split over statistically gated metrics (default 0.05). */
  alpha: number;
  /** Fail (not only warn) on a knee regression (default false). */
  gateKnee: boolean;
  /** Run-to-run CV assumed when the baseline has fewer than `minBaselineRuns` runs (default 0.03). */
  priorCv: number;
  /** Weight of the prior CV, in runs' worth of degrees of freedom (default 4). */
  priorWeight: number;
  /** Fewer baseline runs than this: the noise estimate is weak (default 5). */
  minBaselineRuns: number;
  confirmation: ConfirmationState;
};

export const DEFAULT_GATE_OPTIONS: GateOptions = {
  tolerance: 0.1,
  alpha: 0.05,
  gateKnee: false,
  priorCv: 0.03,
  priorWeight: 4,
  minBaselineRuns: 5,
  confirmation: 'available',
};

/** The judgement of one metric. Means are geometric for the log-scale metrics. */
export type GateMetricResult = {
  /** "max goodput", "error onset", "knee", "SLO p99 (overall)". */
  name: string;
  kind: 'max-goodput' | 'error-onset' | 'knee' | 'slo';
  /** False for warn-only metrics (the knee by default): they never fail the gate. */
  gated: boolean;
  status: MetricStatus;
  /** "req/s", "concurrency", "ms", "ratio". */
  unit: string;
  baseline: { mean: number | null; n: number };
  candidate: { mean: number | null; n: number };
  /** Candidate vs baseline, percent (negative: lower). */
  changePct: number | null;
  /** The margin a drop must exceed to fail, percent (δ). */
  marginPct: number | null;
  /** Run-to-run noise of the baseline (robust CV), percent. */
  noisePct: number | null;
  /** One-sided upper confidence bound of the change, percent (below 0: significantly lower). */
  upperBoundPct: number | null;
  /** One line for people, with the numbers. */
  message: string;
};

export type GateVerdict = {
  schema: 'capplan.gate/v1';
  status: GateStatus;
  metrics: GateMetricResult[];
  /** Things a person should know: weak noise estimate, confirmation, left-out runs. */
  notes: string[];
  baselineRuns: number;
  candidateRuns: number;
  confirmation: ConfirmationState;
  /** Candidate runs whose measured steps saturated the generator (left out while they are a minority). */
  generatorSaturatedRuns: number;
  /** Most candidate runs saturated the generator: the verdict says nothing about the target (exit 4). */
  untrustworthy: boolean;
  tolerance: number;
  /** Per-metric one-sided α after the Bonferroni split. */
  alphaPerMetric: number;
};
