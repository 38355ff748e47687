/**
 * `capplan doctor [scenario] [--workers n]`: checks this machine for what capplan needs and
 * prints one line per check with what to fix. Exit 0 when every needed check passes (warnings
 * are optional parts), 1 otherwise. With a scenario, the open-file limit is compared with the
 * connections it needs at its peak.
 */
import { loadScenario } from '../../scenario/load.js';
import { buildSchedule } from '../../scenario/schedule.js';
import { UsageError } from '../../errors.js';
import { checkCpus, checkFileLimit, checkLoopbackPort, checkNode, openFileLimit } from '../doctor/checks.js';
import type { CheckResult, FileNeed } from '../doctor/checks.js';
import { checkChromium, checkEmbeddedPostgres } from '../doctor/servers.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options doctor-command.ts declares. */
export type DoctorFlags = { workers?: string };

const POSTGRES_TIMEOUT_MS = 60_000;
const CHROMIUM_TIMEOUT_MS = 60_000;

export type DoctorOptions = { workers?: number };

export function doctorOptions(flags: DoctorFlags): DoctorOptions {
  const workers = workersOpt(flags.workers);
  return workers === undefined ? {} : { workers };
}

export async function doctorCommand(file: string | undefined, options: DoctorOptions, io: Io): Promise<number> {
  const { workers } = options;
  const need = file === undefined ? undefined : await connectionsOf(file, io);
  const print = (result: CheckResult): void => {
    io.stdout.write(`${result.status.padEnd(4)}  ${result.name.padEnd(8)}  ${result.detail}\n`);
  };
  const results: CheckResult[] = [];
  const run = async (check: Promise<CheckResult> | CheckResult): Promise<void> => {
    const result = await check;
    results.push(result);
    print(result);
  };
  await run(checkNode(process.versions.node));
  await run(checkLoopbackPort());
  await run(checkFileLimit(await openFileLimit(), need));
  await run(checkCpus(undefined, workers));
  await run(checkEmbeddedPostgres(io.env, POSTGRES_TIMEOUT_MS));
  await run(checkChromium(io.env, CHROMIUM_TIMEOUT_MS));
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  const warnings = warned === 0 ? '' : ` (${warned} warning${warned === 1 ? '' : 's'})`;
  io.stderr.write(
    failed === 0
      ? `capplan doctor: ready${warnings}\n`
      : `capplan doctor: ${failed} check${failed === 1 ? '' : 's'} failed${warnings}; fix the lines marked fail\n`,
  );
  return failed === 0 ? ExitCode.ok : ExitCode.gateFailed;
}

/** Peak connections of a scenario: one per virtual user (closed), at most maxInFlight (open). */
async function connectionsOf(file: string, io: Io): Promise<FileNeed> {
  const scenario = await loadScenario(file, { env: io.env, cwd: io.cwd });
  const schedule = buildSchedule(scenario);
  const connections = schedule.model === 'closed' ? schedule.peakLevel : scenario.load.maxInFlight;
  return { connections, what: file };
}

function workersOpt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256) {
    throw new UsageError(`--workers must be an integer from 1 to 256, got '${text}'`);
  }
  return Number(text);
}
