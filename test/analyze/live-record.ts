/**
 * Live runs for the analyzer's acceptance tests: the closed sweep they run, and the record
 * analyzeRun reads from the outcome (what `capplan run` would write, with a placeholder scenario).
 */
import type { AnalyzeInput } from '../../src/analyze/index.js';
import type { RunOutcome } from '../../src/engine/types.js';
import { buildWindowsAndSteps } from '../../src/record/build.js';
import type { ProbeSeries } from '../../src/record/types.js';
import type { LoadModel, Schedule } from '../../src/scenario/types.js';
import { sweep } from '../engine/fixtures.js';

/**
 * A closed sweep over `levels` (probe first), 1 s warm-up + `holdMs` measured per level, no
 * refinement. Requests still in flight at the end go to the drain window, outside every step.
 */
export function closedSweep(levels: readonly number[], holdMs: number): Schedule {
  return sweep('closed', levels, { refine: 0, stopAfterKnee: false, holdMs, warmupMs: 1000 });
}

export type LiveRun = {
  /** The scenario name the record carries. */
  name: string;
  url: string;
  /** The probes' series, when probes sampled beside the run. */
  probes?: ProbeSeries[];
};

/** The record of `outcome`, as analyzeRun takes it (no analysis yet). */
export function liveRecord(outcome: RunOutcome, model: LoadModel, run: LiveRun): AnalyzeInput {
  const { windows, steps } = buildWindowsAndSteps(outcome, model);
  return {
    schema: 'capplan.run/v1',
    tool: { name: 'capplan', version: 'test' },
    scenario: { name: run.name, file: '<test>', sha256: '', resolved: null },
    environment: { node: process.version, platform: process.platform, cpus: 2, workers: 1, targetUrl: run.url },
    model,
    status: outcome.status,
    startedAt: '',
    endedAt: '',
    durationMs: outcome.endedAtMs - outcome.startedAtMs,
    windows,
    steps,
    ...(run.probes === undefined ? {} : { probes: run.probes }),
    warnings: [],
  };
}
