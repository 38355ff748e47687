/**
 * `capplan validate <files...>`: checks every file, prints "<file>: ok (...)" on stdout
 * for the good ones and every problem of every bad one as "file:line:col: message" on
 * stderr. Exit 2 when any file is invalid. Nothing is sent.
 */
import { ScenarioError } from '../../errors.js';
import { summarizeScenario } from '../../scenario/describe.js';
import { loadScenario } from '../../scenario/load.js';
import { buildSchedule } from '../../scenario/schedule.js';
import { connectionProblem } from '../connection-check.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

export async function validateCommand(files: string[], io: Io): Promise<number> {
  let invalid = 0;
  let problems = 0;
  for (const file of files) {
    try {
      const scenario = await loadScenario(file, { env: io.env, cwd: io.cwd });
      const schedule = buildSchedule(scenario);
      const problem = connectionProblem(io, scenario, schedule);
      if (problem !== undefined) {
        invalid++;
        problems++;
        io.stderr.write(`${file}: ${problem}\n`);
        continue;
      }
      io.stdout.write(`${file}: ok (${summarizeScenario(scenario, schedule)})\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      invalid++;
      problems += error.issues.length;
      for (const issue of error.issues)
        io.stderr.write(`${error.file}:${issue.line}:${issue.column}: ${issue.message}\n`);
    }
  }
  if (invalid === 0) return ExitCode.ok;
  const files_ = files.length === 1 ? 'the scenario is invalid' : `${invalid} of ${files.length} scenarios are invalid`;
  io.stderr.write(`capplan: ${files_} (${problems} problem${problems === 1 ? '' : 's'})\n`);
  return ExitCode.usage;
}
