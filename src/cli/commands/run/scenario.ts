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
import { loadRunFiles, type RunFiles } from '../../../scenario/load-files.js';
import type { RunOutcome } from '../../../engine/types.js';
import { defaultWorkerCount } from '../../../engine/worker-pool.js';
import { startProbes, resolveProbeSpecs } from '../../../probes/index.js';
import { buildRunRecord, buildWindowsAndSteps } from '../../../record/build.js';
import { shardArrivalPhase } from '../../../scale/shard.js';
import type { RunRecord } from '../../../record/types.js';
import type { Scenario, Schedule } from '../../../scenario/types.js';
import { startDemoTargetProcess, type DemoTargetHandle } from '../../../target/spawn.js';
import { UsageError } from '../../../errors.js';
import { startDemoDatabase, type DemoDatabase } from '../../demo-database.js';
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
  let database: DemoDatabase | undefined;
  try {
    if (scenario.target.demo !== undefined) {
      database = await startDemoDatabase(scenario.target.demo, io);
      demo = await startDemoTargetProcess(database.spec, { env: io.env });
    }
    const url = demo?.url ?? scenario.target.url;
    if (url === undefined) throw new UsageError('the scenario has neither target.url nor target.demo');
    // Data rows and TLS files: read for the run, never recorded.
    const files = loadRunFiles(scenario, io.cwd);
    await preflight(url, scenario.target.timeoutMs, files.tls);
    const demoUrls = demo === undefined ? undefined : { url: demo.url, databaseUrl: database?.spec.databaseUrl };
    return await runLoaded(scenario, schedule, scenarioText, io, options, url, demoUrls, files);
  } finally {
    await demo?.stop();
    await database?.stop();
  }
}

async function runLoaded(
  scenario: Scenario, schedule: Schedule, scenarioText: string, io: Io, options: RunScenarioOptions, url: string,
  demo: { url: string; databaseUrl: string | undefined } | undefined,
  files: RunFiles,
): Promise<RunScenarioResult> {
  const warnings: string[] = [];
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  const progress = createProgress(io, { enabled: options.progress, totalMs: schedule.totalMs, model: schedule.model });
  const probeSpecs = resolveProbeSpecs(scenario.probes, demo);
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
    const target = {
      url, timeoutMs: scenario.target.timeoutMs, headers: scenario.target.headers,
      requests: scenario.requests, load: scenario.load, flows: scenario.flows, data: files.data, tls: files.tls,
    };
    outcome = await runLoad(schedule, target, {
      signal: controller.signal,
      onWindow: progress.onWindow,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(scenario.stop === undefined ? {} : { stopRule: scenario.stop }),
      ...(options.share === undefined ? {} : { share: options.share }),
      ...(options.shard === undefined ? {} : {
        arrivalPhase: shardArrivalPhase(options.shard.index, options.shard.count),
      }),
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
  if (saturated > 0) {
    const windows = outcome.windows.length;
    warnings.push(`the load generator was saturated in ${saturated} of ${windows} windows (late sends, drops or event-loop delay)`);
  }
  // Loud: the summary prints every record warning with "!" (stdout, and in every report).
  warnings.push(...generatorWarnings(outcome, scenario.load.model));
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

/** One loud line per step the generator limited: those steps say nothing about the target. */
function generatorWarnings(outcome: RunOutcome, model: Scenario['load']['model']): string[] {
  return buildWindowsAndSteps(outcome, model).steps
    .filter((s) => s.generatorLimit !== undefined)
    .map((s) => `the load generator limited step ${s.label}: ${s.generatorLimit ?? ''}; nothing about the target`);
}
