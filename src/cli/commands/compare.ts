/**
 * `capplan compare --baseline <files...> --candidate <files...>`: the CI gate on its own
 * (DESIGN.md §7). It cannot run more candidates, so a tentative FAIL stands (with a note
 * saying so). Exit codes: 0 pass/warn, 1 fail, 2 bad input, 4 candidate runs saturated the
 * load generator (results not trustworthy; takes precedence over 1).
 */
import { resolve } from 'node:path';
import { compareRuns } from '../../gate/index.js';
import { UsageError } from '../../errors.js';
import { appendHistory, loadBaseline } from '../../gate/history.js';
import { parseTolerance } from '../../gate/tolerance.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { exitCodeOf, writeVerdict } from '../gate-verdict.js';

export type CompareOptions = {
  baseline?: string[];
  candidate?: string[];
  tolerance?: string;
  gateKnee?: boolean;
  markdown?: string;
  junit?: string;
  json?: boolean;
  /** Add the candidate runs to this history file when the gate does not fail. */
  appendHistory?: string;
};

export async function compareCommand(rawOptions: Record<string, unknown>, io: Io): Promise<number> {
  const opts = rawOptions as CompareOptions;
  const tolerance = opts.tolerance === undefined ? 0.1 : parseTolerance(opts.tolerance);
  const baseline = loadBaseline(paths(opts.baseline, '--baseline', io));
  const candidate = loadBaseline(paths(opts.candidate, '--candidate', io));
  if (baseline.length === 0) throw new UsageError('--baseline holds no runs', { hint: 'pass run.json files, folders of them, or a history file' });
  if (candidate.length === 0) throw new UsageError('--candidate holds no runs');
  const verdict = compareRuns(baseline, candidate, { tolerance, gateKnee: opts.gateKnee === true, confirmation: 'unavailable' });
  writeVerdict(verdict, opts, io);
  const code = exitCodeOf(verdict);
  if (opts.appendHistory !== undefined && code === ExitCode.ok) {
    const historyPath = resolve(io.cwd, opts.appendHistory);
    for (const sample of candidate) appendHistory(historyPath, sample);
    io.stderr.write(`capplan: added ${candidate.length} candidate run${candidate.length === 1 ? '' : 's'} to ${opts.appendHistory}\n`);
  }
  return code;
}

function paths(list: string[] | undefined, flag: string, io: Io): string[] {
  if (list === undefined || list.length === 0) throw new UsageError(`${flag} needs at least one file or folder`);
  return list.map((p) => resolve(io.cwd, p));
}
