/**
 * Runs one loaded scenario end to end and returns its RunRecord and exit code: demo target
 * (always stopped), preflight, probes, the load with live progress, record + analysis.
 * The seam the CI gate (--baseline/--repeat) and shards (--shard/--start-at) build on.
 */
import { availableParallelism } from 'node:os';
import { analyzeOptionsFor, analyzeRun } from '../../../analyze/index.js';
import { suggestRefinementLevels } from '../../../analyze/knee/refine.js';
import { runLoad } from '../../../engine/coordinator.js';
import { preflight } from '../../../engine/preflight.js';
import type { RunOutcome } from '../../../engine/types.js';
import { defaultWorkerCount } from '../../../engine/worker-pool.js';
import { startProbes, resolveProbeSpecs } from '../../../probes/index.js';
import { buildRunRecord } from '../../../record/build.js';
import type { RunRecord } from '../../../record/types.js';
import type { Scenario, Schedule } from '../../../scenario/types.js';
import { startDemoTargetProcess, type DemoTargetHandle } from '../../../target/spawn.js';
import { UsageError } from '../../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io.js';
import { createProgress } from '../../progress.js';
import { TOOL_VERSION } from '../../version.js';

export type RunScenarioOptions = {
  workers?: number;
  progress: boolean;
  /** Scale-out: this process's share of each level, and which shard it is. */
  share?: (level: number) => number;
  shard?: { index: number; count: number };
  startAtMs?: number;
};

export type RunScenarioResult = { record: RunRecord; exitCode: number };

/** Exit code of a finished run: 130 interrupted, 3 aborted, 1 an SLO failed, else 0. */
export function exitCodeOfRecord(record: RunRecord): number {
  if (record.status === 'interrupted') return ExitCode.interrupted;
  if (record.status === 'aborted') return ExitCode.aborted;
  if (record.analysis.slo.some((s) => !s.pass)) return ExitCode.gateFailed;
  return ExitCode.ok;
}

export async function runScenario(scenario: Scenario, schedule: Schedule, scenarioText: string, io: Io, options: RunScenarioOptions): Promise<RunScenarioResult> {
  let demo: DemoTargetHandle | undefined;
  try {
    if (scenario.target.demo !== undefined) demo = await startDemoTargetProcess(scenario.target.demo, { env: io.env });
    const url = demo?.url ?? scenario.target.url;
    if (url === undefined) throw new UsageError('the scenario has neither target.url nor target.demo');
    await preflight(url, scenario.target.timeoutMs);
    return await runLoaded(scenario, schedule, scenarioText, io, options, url, demo);
  } finally {
    await demo?.stop();
  }
}

async function runLoaded(
  scenario: Scenario, schedule: Schedule, scenarioText: string, io: Io, options: RunScenarioOptions, url: string, demo: DemoTargetHandle | undefined,
): Promise<RunScenarioResult> {
  const warnings: string[] = [];
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  const progress = createProgress(io, { enabled: options.progress, totalMs: schedule.totalMs, model: schedule.model });
  const probeSpecs = resolveProbeSpecs(scenario.probes, demo === undefined ? undefined : { url: demo.url, databaseUrl: scenario.target.demo?.databaseUrl });
  const probes = startProbes(probeSpecs, {
    startedAtMs: options.startAtMs ?? Date.now(),
    onWarning: (message) => {
      warnings.push(message);
      io.stderr.write(`warning: ${message}\n`);
    },
  });
  let outcome: RunOutcome | undefined;
  let series: Awaited<ReturnType<typeof probes.stop>>;
  try {
    outcome = await runLoad(schedule, { url, timeoutMs: scenario.target.timeoutMs, headers: scenario.target.headers, requests: scenario.requests, load: scenario.load }, {
      signal: controller.signal,
      onWindow: progress.onWindow,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(scenario.stop === undefined ? {} : { stopRule: scenario.stop }),
      ...(options.share === undefined ? {} : { share: options.share }),
      ...(options.startAtMs === undefined ? {} : { startAtMs: options.startAtMs }),
      // The analyzer's hinge picks the refinement levels inside the knee bracket.
      refine: (steps, count) => suggestRefinementLevels(steps, count),
    });
  } finally {
    progress.stop();
    unsubscribe();
    // Probe samples are placed on the load's own time axis: the load starts after the
    // workers are up, a second or two after the probes.
    series = await probes.stop(outcome === undefined ? {} : { startedAtMs: outcome.startedAtMs });
  }
  const saturated = outcome.windows.filter((w) => w.generator.saturated).length;
  if (saturated > 0) warnings.push(`the load generator was saturated in ${saturated} of ${outcome.windows.length} windows (late starts > 1% or event-loop delay p99 > 10 ms)`);
  const record = buildRunRecord({
    scenario,
    scenarioText,
    outcome,
    environment: {
      node: process.version,
      platform: process.platform,
      cpus: availableParallelism(),
      workers: outcome.workers || (options.workers ?? defaultWorkerCount()),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      targetUrl: url,
    },
    toolVersion: TOOL_VERSION,
    ...(scenario.probes.length > 0 ? { probes: series } : {}),
    warnings,
    analyze: (r) => analyzeRun(r, analyzeOptionsFor(scenario)),
  });
  return { record, exitCode: exitCodeOfRecord(record) };
}
