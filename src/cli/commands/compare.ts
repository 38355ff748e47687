/**
 * `capplan compare --baseline <files...> --candidate <files...>`: the CI gate on its own
 * (DESIGN.md §7). It cannot run more candidates: the given ones confirm a FAIL themselves,
 * and fewer than 3 make a regression `inconclusive` (gate/unconfirmed.ts). Exit codes:
 * 0 pass/warn/inconclusive, 1 fail, 2 bad input, 4 candidate runs saturated the load generator
 * (results not trustworthy; takes precedence over 1).
 */
import { resolve } from 'node:path';
import { compareUnconfirmed } from '../../gate/unconfirmed.js';
import { UsageError } from '../../errors.js';
import { appendHistory, loadBaseline } from '../../gate/history.js';
import { parseTolerance } from '../../gate/tolerance.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { exitCodeOf, writeVerdict } from '../gate-verdict.js';

/** What commander hands over for the options compare-command.ts declares. */
export type CompareFlags = {
  baseline: string[];
  candidate: string[];
  tolerance?: string;
  gateKnee?: boolean;
  appendHistory?: string;
  markdown?: string;
  junit?: string;
  json?: boolean;
};

export type CompareOptions = {
  baseline: string[];
  candidate: string[];
  tolerance: number;
  gateKnee: boolean;
  markdown?: string;
  junit?: string;
  json: boolean;
  /** Add the candidate runs to this history file when the gate does not fail. */
  appendHistory?: string;
};

export function compareOptions(flags: CompareFlags): CompareOptions {
  const { markdown, junit, appendHistory } = flags;
  return {
    baseline: flags.baseline,
    candidate: flags.candidate,
    tolerance: flags.tolerance === undefined ? 0.1 : parseTolerance(flags.tolerance),
    gateKnee: flags.gateKnee === true,
    json: flags.json === true,
    ...(markdown === undefined ? {} : { markdown }),
    ...(junit === undefined ? {} : { junit }),
    ...(appendHistory === undefined ? {} : { appendHistory }),
  };
}

export async function compareCommand(opts: CompareOptions, io: Io): Promise<number> {
  const { tolerance } = opts;
  const baseline = loadBaseline(paths(opts.baseline, '--baseline', io));
  const candidate = loadBaseline(paths(opts.candidate, '--candidate', io));
  if (baseline.length === 0)
    throw new UsageError('--baseline holds no runs', {
      hint: 'pass run.json files, folders of them, or a history file',
    });
  if (candidate.length === 0) throw new UsageError('--candidate holds no runs');
  const verdict = compareUnconfirmed(baseline, candidate, { tolerance, gateKnee: opts.gateKnee });
  writeVerdict(verdict, opts, io);
  const code = exitCodeOf(verdict);
  if (opts.appendHistory !== undefined && code === ExitCode.ok) {
    const historyPath = resolve(io.cwd, opts.appendHistory);
    for (const sample of candidate) appendHistory(historyPath, sample);
    io.stderr.write(
      `capplan: added ${candidate.length} candidate run${candidate.length === 1 ? '' : 's'} to ${opts.appendHistory}\n`,
    );
  }
  return code;
}

function paths(list: readonly string[], flag: string, io: Io): string[] {
  if (list.length === 0) throw new UsageError(`${flag} needs at least one file or folder`);
  return list.map((p) => resolve(io.cwd, p));
}
