/**
 * `capplan inspect <file> [--set path=value] [--json]`: the schedule the engine would follow
 * (phases, levels, durations, totals, connections needed), without sending traffic.
 */
import { renderSchedule } from '../../scenario/describe.js';
import { loadScenario } from '../../scenario/load.js';
import { buildSchedule } from '../../scenario/schedule.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

export async function inspectCommand(file: string, opts: Record<string, unknown>, io: Io): Promise<number> {
  const set = Array.isArray(opts['set']) ? (opts['set'] as unknown[]).map(String) : [];
  const scenario = await loadScenario(file, { env: io.env, cwd: io.cwd, set });
  const schedule = buildSchedule(scenario);
  if (opts['json'] === true) {
    io.stdout.write(`${JSON.stringify({ name: scenario.name, file: scenario.file, model: schedule.model, schedule }, null, 2)}\n`);
  } else {
    io.stdout.write(renderSchedule(scenario, schedule));
  }
  return ExitCode.ok;
}
