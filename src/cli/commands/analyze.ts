/**
 * `capplan analyze run.json [--json]`: re-runs the analysis on a recorded run with the
 * record's own scenario settings (SLOs, plan block, demo acquire timeout, think time) and
 * prints the terminal summary, or the Analysis as one JSON document.
 */
import { resolve } from 'node:path';
import { analyzeRun } from '../../analyze/index.js';
import { analyzeOptionsFromRecord } from '../../analyze/options.js';
import { readRunRecord } from '../../record/read.js';
import { renderTerminal } from '../../report/index.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options analyze-command.ts declares. */
export type AnalyzeFlags = { json?: boolean };

export type AnalyzeOptions = { json: boolean };

export const analyzeOptions = (flags: AnalyzeFlags): AnalyzeOptions => ({ json: flags.json === true });

export async function analyzeCommand(file: string, options: AnalyzeOptions, io: Io): Promise<number> {
  const record = readRunRecord(resolve(io.cwd, file));
  const analysis = analyzeRun(record, analyzeOptionsFromRecord(record.scenario.resolved));
  if (options.json) {
    io.stdout.write(JSON.stringify(analysis, null, 2) + '\n');
    return ExitCode.ok;
  }
  io.stdout.write(renderTerminal({ ...record, analysis }, { color: io.color, columns: io.columns }));
  return ExitCode.ok;
}
