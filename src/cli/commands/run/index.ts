/**
 * `capplan run <scenario>`: load + plan the scenario, run it (run/scenario.ts), write
 * run.json and the reports (always, partial runs too), print the summary, return the exit
 * code: 130 interrupted, 3 aborted, 1 an SLO failed, 0 otherwise.
 */
import { UsageError } from '../../../errors.js';
import { loadScenario, readScenarioText } from '../../../scenario/load.js';
import { buildSchedule } from '../../../scenario/schedule.js';
import { parseShardRunOptions, scheduleForShard, shardSeed, shardShare } from '../../../scale/shard.js';
import type { Io } from '../../io.js';
import { outputDir, printRunResult, reportFormats, writeRunFiles } from './output.js';
import { runScenario } from './scenario.js';

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
  // Each shard draws its own random stream (Poisson arrivals, weighted picks).
  const scenario = shard === undefined ? loaded : { ...loaded, load: { ...loaded.load, seed: shardSeed(loaded.load.seed, shard.index) } };
  const scenarioText = await readScenarioText(file, io.cwd);
  const planned = buildSchedule(scenario);
  // Shards run the planned levels only: refinement and stopAfterKnee decided from one
  // shard's share would make the shards diverge.
  const { schedule, warning } = shard === undefined ? { schedule: planned, warning: undefined } : scheduleForShard(planned);
  if (warning !== undefined) io.stderr.write(`warning: ${warning}\n`);
  if (opts['baseline'] !== undefined) {
    const { runScenarioGate } = await import('./gate.js');
    return runScenarioGate({
      scenario, schedule, scenarioText, outDir: outputDir(io, opts['out'], scenario.name), formats,
      progress: opts['progress'] !== false, ...(workers === undefined ? {} : { workers }),
      flags: { baseline: opts['baseline'], repeat: opts['repeat'], tolerance: opts['tolerance'], gateKnee: opts['gateKnee'], json: opts['json'] },
    }, io);
  }
  const { record, exitCode } = await runScenario(scenario, schedule, scenarioText, io, {
    progress: opts['progress'] !== false,
    ...(workers === undefined ? {} : { workers }),
    ...(shard === undefined ? {} : { shard, share: shardShare(scenario.load.model, shard) }),
    ...(startAtMs === undefined ? {} : { startAtMs }),
  });
  const paths = writeRunFiles(outputDir(io, opts['out'], scenario.name), record, formats);
  printRunResult(io, record, paths, opts['json'] === true);
  return exitCode;
}
