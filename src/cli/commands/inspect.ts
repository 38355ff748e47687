/**
 * `capplan inspect <file> [--set path=value] [--json]`: the schedule the engine would follow
 * (phases, levels, durations, totals, connections needed), without sending traffic.
 */
import { renderSchedule } from '../../scenario/describe.js';
import { loadScenario } from '../../scenario/load.js';
import { buildSchedule } from '../../scenario/schedule.js';
import { assertConnections } from '../connection-check.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options inspect-command.ts declares. */
export type InspectFlags = { set?: string[]; json?: boolean };

export type InspectOptions = { set: string[]; json: boolean };

export const inspectOptions = (flags: InspectFlags): InspectOptions => ({
  set: flags.set ?? [],
  json: flags.json === true,
});

export async function inspectCommand(file: string, options: InspectOptions, io: Io): Promise<number> {
  const scenario = await loadScenario(file, { env: io.env, cwd: io.cwd, set: options.set });
  const schedule = buildSchedule(scenario);
  assertConnections(io, scenario, schedule);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ name: scenario.name, file: scenario.file, model: schedule.model, schedule }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(renderSchedule(scenario, schedule));
  }
  return ExitCode.ok;
}
