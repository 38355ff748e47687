/**
 * `capplan run <scenario>`: load + plan the scenario, run it (run/scenario.ts), write
 * run.json and the reports (always, partial runs too), print the summary, return the exit
 * code: 130 interrupted, 3 aborted, 1 an SLO failed, 0 otherwise.
 */
import { UsageError } from '../../../errors.js';
import { loadScenario, readScenarioText } from '../../../scenario/load.js';
import { buildSchedule } from '../../../scenario/schedule.js';
import { parseShardRunOptions, scheduleForShard, shardLoad, shardShare } from '../../../scale/shard.js';
import { assertConnections } from '../../connection-check.js';
import type { Io } from '../../io.js';
import { discardRunDir, prepareRunDir } from './dir.js';
import { outputDir, reportFormats, saveAndPrintRun } from './output.js';
import { runScenario } from './scenario.js';
import { rejectLiveWithGate, startLiveExport } from '../../live-export.js';

function parseWorkers(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got "${String(value)}"`);
  return n;
}

export async function runCommand(file: string, opts: Record<string, unknown>, io: Io): Promise<number> {
  const set = Array.isArray(opts['set']) ? (opts['set'] as unknown[]).map(String) : [];
  const workers = parseWorkers(opts['workers']);
  const formats = reportFormats(opts['format']);
  const { shard, startAtMs } = parseShardRunOptions({ shard: opts['shard'], startAt: opts['startAt'] }, io.now());
  if (shard !== undefined && opts['baseline'] !== undefined) {
    throw new UsageError('--shard and --baseline do not go together', { hint: 'merge the shards with `capplan merge`, then gate the merged run with `capplan compare`' });
  }
  const loaded = await loadScenario(file, { env: io.env, cwd: io.cwd, set });
  // Each shard draws its own random stream (Poisson arrivals, weighted picks) and runs its share of maxInFlight.
  const scenario = shard === undefined ? loaded : { ...loaded, load: shardLoad(loaded.load, shard) };
  const scenarioText = await readScenarioText(file, io.cwd);
  const planned = buildSchedule(scenario);
  // Shards run the planned levels only: refinement and stopAfterKnee decided from one
  // shard's share would make the shards diverge.
  const { schedule, warning } = shard === undefined ? { schedule: planned, warning: undefined } : scheduleForShard(planned);
  // Before the demo target, the preflight and any traffic.
  assertConnections(io, loaded, planned, shard?.count ?? 1);
  if (warning !== undefined) io.stderr.write(`warning: ${warning}\n`);
  rejectLiveWithGate(opts);
  const runDir = prepareRunDir({
    cwd: io.cwd, dir: outputDir(io, opts['out'], scenario.name),
    explicit: typeof opts['out'] === 'string' && opts['out'] !== '', force: opts['force'] === true,
  });
  // Listening (and ignoring: run/guard.ts acts on interrupts) until the files are written:
  // without a listener a late Ctrl-C would end the process before the record is saved.
  const keepAlive = io.onInterrupt(() => undefined);
  try {
    if (opts['baseline'] !== undefined) {
      const { runScenarioGate } = await import('./gate.js');
      return await runScenarioGate({
        scenario, schedule, scenarioText, outDir: runDir.dir, formats,
        progress: opts['progress'] !== false, ...(workers === undefined ? {} : { workers }),
        flags: {
          baseline: opts['baseline'], repeat: opts['repeat'], tolerance: opts['tolerance'],
          gateKnee: opts['gateKnee'], json: opts['json'],
        },
      }, io);
    }
    const live = await startLiveExport(opts, scenario, io);
    const { record, exitCode } = await runScenario(scenario, schedule, scenarioText, io, {
      progress: opts['progress'] !== false,
      ...(live === undefined ? {} : { onWindow: live.onWindow }),
      ...(workers === undefined ? {} : { workers }),
      ...(shard === undefined ? {} : { shard, share: shardShare(scenario.load.model, shard) }),
      ...(startAtMs === undefined ? {} : { startAtMs }),
    }).finally(() => live?.stop());
    saveAndPrintRun(io, runDir.dir, record, formats, opts['json'] === true);
    return exitCode;
  } finally {
    keepAlive();
    discardRunDir(runDir);
  }
}
