/**
 * Runs one loaded scenario end to end and returns its RunRecord and exit code: demo target
 * (always stopped), preflight, probes, the load with live progress, record + analysis.
 * The seam the CI gate (--baseline/--repeat) and shards (--shard/--start-at) build on.
 */
import { availableParallelism } from 'node:os';
import { analyzeOptionsFor, analyzeRun } from '../../../analyze/index.js';
import { suggestRefinementLevels } from '../../../analyze/knee/refine.js';
import { decideNextLevel, RUN_DECIDE_OPTIONS } from '../../../analyze/adaptive/search.js';
import { runLoad } from '../../../engine/coordinator.js';
import { preflight } from '../../../engine/preflight.js';
import { loadRunFiles, type RunFiles } from '../../../scenario/load-files.js';
import type { RunLoadOptions, RunOutcome } from '../../../engine/types.js';
import { defaultWorkerCount } from '../../../engine/worker-pool.js';
import { startProbes, resolveProbeSpecs } from '../../../probes/index.js';
import { buildRunRecord, buildWindowsAndSteps } from '../../../record/build.js';
import { shardArrivalPhase } from '../../../scale/shard.js';
import type { RunRecord } from '../../../record/types.js';
import { MAX_REQUEST_NAMES } from '../../../metrics/request-window.js';
import type { WindowSnapshot } from '../../../metrics/types.js';
import type { AdaptiveSchedule, Phase, Scenario, Schedule } from '../../../scenario/types.js';
import { startDemoTargetProcess, type DemoTargetHandle } from '../../../target/spawn.js';
import { RunAbortedError, UsageError } from '../../../errors.js';
import { startDemoDatabase, type DemoDatabase } from '../../demo-database.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io.js';
import { createProgress } from '../../progress.js';
import { plainText } from '../../../report/escape.js';
import { guardRun, type DemoExit, type RunGuard } from './guard.js';
import { TOOL_VERSION } from '../../version.js';

export type RunScenarioOptions = {
  workers?: number;
  progress: boolean;
  /** Scale-out: this process's share of each level, and which shard it is. */
  share?: (level: number) => number;
  shard?: { index: number; count: number };
  startAtMs?: number;
  /** Another observer of each merged window (live metrics export), beside the progress line. */
  onWindow?: (window: WindowSnapshot, phase: Phase) => void;
};

export type RunScenarioResult = { record: RunRecord; exitCode: number };

/** Exit code of a finished run: 130 interrupted, 3 aborted, 1 an SLO failed, else 0. */
export function exitCodeOfRecord(record: RunRecord): number {
  if (record.status === 'interrupted') return ExitCode.interrupted;
  if (record.status === 'aborted') return ExitCode.aborted;
  if (record.analysis.slo.some((s) => !s.pass)) return ExitCode.gateFailed;
  return ExitCode.ok;
}

export async function runScenario(
  scenario: Scenario,
  schedule: Schedule,
  scenarioText: string,
  io: Io,
  options: RunScenarioOptions,
): Promise<RunScenarioResult> {
  let demo: DemoTargetHandle | undefined;
  let database: DemoDatabase | undefined;
  const guard = guardRun(io);
  try {
    if (scenario.target.demo !== undefined) {
      database = await startDemoDatabase(scenario.target.demo, io);
      demo = await startDemoTargetProcess(database.spec, { env: io.env });
      guard.watchDemo(demo);
    }
    const url = demo?.url ?? scenario.target.url;
    if (url === undefined) throw new UsageError('the scenario has neither target.url nor target.demo');
    // Data rows and TLS files: read for the run, never recorded.
    const files = loadRunFiles(scenario, io.cwd);
    await preflightUnlessStopped(url, scenario.target.timeoutMs, guard, files);
    const demoUrls = demo === undefined ? undefined : { url: demo.url, databaseUrl: database?.spec.databaseUrl };
    return await runLoaded(scenario, schedule, scenarioText, io, options, url, demoUrls, files, guard);
  } finally {
    guard.releaseDemo();
    await demo?.stop();
    await database?.stop();
    guard.release();
  }
}

/**
 * The preflight request, unless the run was stopped meanwhile: after a Ctrl-C (which may have
 * killed the demo target) the run goes on to the load, which stops at once and writes an
 * interrupted record (exit 130), instead of reporting a preflight failure the user caused;
 * a demo target that exited on its own aborts the run with why (exit 3).
 */
async function preflightUnlessStopped(url: string, timeoutMs: number, guard: RunGuard, files: RunFiles): Promise<void> {
  try {
    await preflight(url, timeoutMs, files.tls);
  } catch (error) {
    if (!guard.signal.aborted) throw error;
    const exit = guard.demoExit();
    if (exit === undefined) return;
    throw new RunAbortedError(`the demo target exited (${exit.how}) before the load started`, { cause: error });
  }
}

/** The outcome as the record tells it: a demo target that died mid-run aborted the run. */
function withDemoExit(outcome: RunOutcome, exit: DemoExit | undefined): RunOutcome {
  if (exit === undefined) return outcome;
  const when =
    exit.atMs < outcome.startedAtMs
      ? 'before the load started'
      : `at ${((exit.atMs - outcome.startedAtMs) / 1000).toFixed(1)} s`;
  return { ...outcome, status: 'aborted', abortReason: `the demo target exited (${exit.how}) ${when}` };
}

async function runLoaded(
  scenario: Scenario,
  schedule: Schedule,
  scenarioText: string,
  io: Io,
  options: RunScenarioOptions,
  url: string,
  demo: { url: string; databaseUrl: string | undefined } | undefined,
  files: RunFiles,
  guard: RunGuard,
): Promise<RunScenarioResult> {
  const warnings: string[] = [];
  const progress = createProgress(io, { enabled: options.progress, totalMs: schedule.totalMs, model: schedule.model });
  const probeSpecs = resolveProbeSpecs(scenario.probes, demo);
  const probes = startProbes(probeSpecs, {
    startedAtMs: options.startAtMs ?? Date.now(),
    onWarning: (message) => {
      warnings.push(message);
      io.stderr.write(`warning: ${plainText(message)}\n`);
    },
  });
  let outcome: RunOutcome | undefined;
  let series: Awaited<ReturnType<typeof probes.stop>>;
  try {
    const target = {
      url,
      timeoutMs: scenario.target.timeoutMs,
      headers: scenario.target.headers,
      requests: scenario.requests,
      load: scenario.load,
      flows: scenario.flows,
      data: files.data,
      tls: files.tls,
    };
    outcome = await runLoad(schedule, target, loadOptions(scenario, schedule, options, progress, guard));
  } finally {
    progress.stop();
    // Probe samples are placed on the load's own time axis: the load starts after the
    // workers are up, a second or two after the probes.
    series = await probes.stop(outcome === undefined ? {} : { startedAtMs: outcome.startedAtMs });
  }
  outcome = withDemoExit(outcome, guard.demoExit());
  warnings.push(...outcomeWarnings(outcome, scenario));
  const record = buildRunRecord({
    scenario,
    scenarioText,
    outcome,
    environment: environmentOf(outcome, options, url),
    toolVersion: TOOL_VERSION,
    ...(scenario.probes.length > 0 ? { probes: series } : {}),
    warnings,
    analyze: (r) => analyzeRun(r, analyzeOptionsFor(scenario)),
  });
  return { record, exitCode: exitCodeOfRecord(record) };
}

/**
 * What the engine needs beside the schedule and target: live callbacks, the stop rule, sharding and the analyzer's
 * rules.
 */
function loadOptions(
  scenario: Scenario,
  schedule: Schedule,
  options: RunScenarioOptions,
  progress: ReturnType<typeof createProgress>,
  guard: RunGuard,
): RunLoadOptions {
  return {
    signal: guard.signal,
    onWindow:
      options.onWindow === undefined
        ? progress.onWindow
        : (w, phase) => {
            progress.onWindow(w, phase);
            options.onWindow?.(w, phase);
          },
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(scenario.stop === undefined ? {} : { stopRule: scenario.stop }),
    ...(options.share === undefined ? {} : { share: options.share }),
    ...(options.shard === undefined
      ? {}
      : {
          arrivalPhase: shardArrivalPhase(options.shard.index, options.shard.count),
        }),
    ...(options.startAtMs === undefined ? {} : { startAtMs: options.startAtMs }),
    // The analyzer's hinge picks the refinement levels inside the knee bracket.
    refine: (steps, count) => suggestRefinementLevels(steps, count),
    ...(schedule.sweep?.adaptive === undefined ? {} : { adaptive: adaptiveDecision(schedule.sweep.adaptive) }),
  };
}

/**
 * The adaptive search's decision: the analyzer's pure rule with the seed and resample count
 * of the analysis (analyze/index.ts defaults), so the interval that stops the search is the
 * one the analysis reports.
 */
function adaptiveDecision(bounds: AdaptiveSchedule): NonNullable<RunLoadOptions['adaptive']> {
  return (levels) => decideNextLevel(levels, bounds, RUN_DECIDE_OPTIONS);
}

/** One loud line per step the generator limited: those steps say nothing about the target. */
function generatorWarnings(outcome: RunOutcome, model: Scenario['load']['model']): string[] {
  return buildWindowsAndSteps(outcome, model)
    .steps.filter((s) => s.generatorLimit !== undefined)
    .map((s) => `the load generator limited step ${s.label}: ${s.generatorLimit ?? ''}; nothing about the target`);
}

/** The machine and the run's shape, as the record keeps them. */
function environmentOf(outcome: RunOutcome, options: RunScenarioOptions, url: string): RunRecord['environment'] {
  return {
    node: process.version,
    platform: process.platform,
    cpus: availableParallelism(),
    workers: outcome.workers || (options.workers ?? defaultWorkerCount()),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    targetUrl: url,
  };
}

/** What the record must say about the load itself: a saturated or limited generator, too many names. */
function outcomeWarnings(outcome: RunOutcome, scenario: Scenario): string[] {
  const warnings: string[] = [];
  const saturated = outcome.windows.filter((w) => w.generator.saturated).length;
  if (saturated > 0) {
    const windows = outcome.windows.length;
    warnings.push(
      `the load generator was saturated in ${saturated} of ${windows} windows` +
        ' (late sends, drops or event-loop delay)',
    );
  }
  // Loud: the summary prints every record warning with "!" (stdout, and in every report).
  warnings.push(...generatorWarnings(outcome, scenario.load.model));
  const names = new Set(scenario.requests.map((r) => r.name)); // with flows: every step
  if (names.size > MAX_REQUEST_NAMES) {
    warnings.push(
      `per-request results are kept for up to ${MAX_REQUEST_NAMES} request names; this scenario has ` +
        `${names.size}, so only the all-requests results are recorded`,
    );
  }
  return warnings;
}
