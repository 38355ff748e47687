/**
 * `capplan run <scenario>`: load + plan the scenario, run it (run/scenario.ts), write
 * run.json and the reports (always, partial runs too), print the summary, return the exit
 * code: 130 interrupted, 3 aborted, 1 an SLO failed, 0 otherwise. Flags: run/options.ts.
 */
import { loadScenario, readScenarioText } from '../../../scenario/load.js';
import { buildSchedule } from '../../../scenario/schedule.js';
import type { Scenario, Schedule } from '../../../scenario/types.js';
import { scheduleForShard, shardLoad, shardShare } from '../../../scale/shard.js';
import { assertConnections } from '../../connection-check.js';
import type { Io } from '../../io.js';
import { startLiveExport } from '../../live-export.js';
import { discardRunDir, prepareRunDir } from './dir.js';
import type { RunOptions } from './options.js';
import { outputDir, saveAndPrintRun } from './output.js';
import { runScenario } from './scenario.js';

export { runOptions } from './options.js';

type Planned = { scenario: Scenario; schedule: Schedule; scenarioText: string };

async function plan(file: string, options: RunOptions, io: Io): Promise<Planned> {
  const { shard } = options;
  const loaded = await loadScenario(file, { env: io.env, cwd: io.cwd, set: options.set });
  // Each shard draws its own random stream (Poisson arrivals, weighted picks) and runs its share of maxInFlight.
  const scenario = shard === undefined ? loaded : { ...loaded, load: shardLoad(loaded.load, shard) };
  const scenarioText = await readScenarioText(file, io.cwd);
  const planned = buildSchedule(scenario);
  // Shards run the planned levels only: refinement and stopAfterKnee decided from one
  // shard's share would make the shards diverge.
  const { schedule, warning } =
    shard === undefined ? { schedule: planned, warning: undefined } : scheduleForShard(planned);
  // Before the demo target, the preflight and any traffic.
  assertConnections(io, loaded, planned, shard?.count ?? 1);
  if (warning !== undefined) io.stderr.write(`warning: ${warning}\n`);
  return { scenario, schedule, scenarioText };
}

export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  const { scenario, schedule, scenarioText } = await plan(file, options, io);
  const { workers, shard, startAtMs, gate, live: liveFlags } = options;
  const runDir = prepareRunDir({
    cwd: io.cwd,
    dir: outputDir(io, options.out, scenario.name),
    explicit: options.out !== undefined,
    force: options.force,
  });
  // Listening (and ignoring: run/guard.ts acts on interrupts) until the files are written:
  // without a listener a late Ctrl-C would end the process before the record is saved.
  const keepAlive = io.onInterrupt(() => undefined);
  try {
    if (gate !== undefined) {
      const { runScenarioGate } = await import('./gate.js');
      return await runScenarioGate(
        {
          scenario,
          schedule,
          scenarioText,
          outDir: runDir.dir,
          formats: options.formats,
          progress: options.progress,
          ...(workers === undefined ? {} : { workers }),
          gate,
          json: options.json,
        },
        io,
      );
    }
    const live = liveFlags === undefined ? undefined : await startLiveExport(liveFlags, scenario, io);
    const { record, exitCode } = await runScenario(scenario, schedule, scenarioText, io, {
      progress: options.progress,
      ...(live === undefined ? {} : { onWindow: live.onWindow }),
      ...(workers === undefined ? {} : { workers }),
      ...(shard === undefined ? {} : { shard, share: shardShare(scenario.load.model, shard) }),
      ...(startAtMs === undefined ? {} : { startAtMs }),
    }).finally(() => live?.stop());
    saveAndPrintRun(io, runDir.dir, record, options.formats, options.json);
    return exitCode;
  } finally {
    keepAlive();
    discardRunDir(runDir);
  }
}
