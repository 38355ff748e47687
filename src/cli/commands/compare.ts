/**
 * `capplan compare --baseline <files...> --candidate <files...>`: the CI gate on its own
 * (DESIGN.md §7). It cannot run more candidates: the given ones confirm a FAIL themselves,
 * and fewer than 3 make a regression `inconclusive` (analyze/gate-unconfirmed.ts). Exit codes:
 * 0 pass/warn/inconclusive, 1 fail, 2 bad input, 4 candidate runs saturated the load generator
 * (results not trustworthy; takes precedence over 1).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compareUnconfirmed } from '../../analyze/gate-unconfirmed.js';
import type { GateVerdict } from '../../analyze/gate-types.js';
import { UsageError } from '../../errors.js';
import { appendHistory, loadBaseline } from '../../record/history.js';
import { renderGateJunit, renderGateMarkdown, renderGateTerminal } from '../../report/gate.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

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
  const verdict = compareUnconfirmed(baseline, candidate, { tolerance, gateKnee: opts.gateKnee === true });
  writeVerdict(verdict, opts, io);
  const code = exitCodeOf(verdict);
  if (opts.appendHistory !== undefined && code === ExitCode.ok) {
    const historyPath = resolve(io.cwd, opts.appendHistory);
    for (const sample of candidate) appendHistory(historyPath, sample);
    io.stderr.write(`capplan: added ${candidate.length} candidate run${candidate.length === 1 ? '' : 's'} to ${opts.appendHistory}\n`);
  }
  return code;
}

/** 4 beats 1: a gate judged on a saturated generator says nothing about the target. */
export function exitCodeOf(verdict: GateVerdict): number {
  if (verdict.untrustworthy) return ExitCode.untrustworthy;
  if (verdict.status === 'fail' || verdict.status === 'needs-confirmation') return ExitCode.gateFailed;
  return ExitCode.ok;
}

/** Prints the verdict and writes the Markdown/JUnit files and the GitHub job summary. */
export function writeVerdict(verdict: GateVerdict, opts: Pick<CompareOptions, 'json' | 'markdown' | 'junit'>, io: Io): void {
  if (opts.json === true) io.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
  else io.stdout.write(renderGateTerminal(verdict, { color: io.color }));
  const markdown = renderGateMarkdown(verdict);
  if (opts.markdown !== undefined) writeFile(resolve(io.cwd, opts.markdown), markdown);
  if (opts.junit !== undefined) writeFile(resolve(io.cwd, opts.junit), renderGateJunit(verdict));
  const summary = io.env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') appendFileSync(resolve(io.cwd, summary), markdown + '\n');
}

/** "10%", "7.5%" or a fraction "0.1"; must be in (0, 100%). */
export function parseTolerance(text: string): number {
  const trimmed = text.trim();
  const match = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(trimmed);
  const value = match === null ? Number.NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (match === null || !(value > 0 && value < 1) || (match[2] === '' && Number(match[1]) >= 1)) {
    throw new UsageError(`--tolerance ${JSON.stringify(text)} is not a percentage between 0 and 100%`, { hint: 'write it like 10% or 0.1' });
  }
  return value;
}

function paths(list: string[] | undefined, flag: string, io: Io): string[] {
  if (list === undefined || list.length === 0) throw new UsageError(`${flag} needs at least one file or folder`);
  return list.map((p) => resolve(io.cwd, p));
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
