/**
 * The gate verdict's way out, shared by `capplan compare` and `capplan run` with a gate:
 * the exit code it maps to and the files and job summary it is written to.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GateVerdict } from '../gate/types.js';
import { renderGateJunit, renderGateMarkdown, renderGateTerminal } from '../report/gate.js';
import { ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

/** Where the verdict goes besides the terminal. */
export type VerdictOutputs = { json?: boolean; markdown?: string; junit?: string };

/** 4 beats 1: a gate judged on a saturated generator says nothing about the target. */
export function exitCodeOf(verdict: GateVerdict): number {
  if (verdict.untrustworthy) return ExitCode.untrustworthy;
  if (verdict.status === 'fail' || verdict.status === 'needs-confirmation') return ExitCode.gateFailed;
  return ExitCode.ok;
}

/** Prints the verdict and writes the Markdown/JUnit files and the GitHub job summary. */
export function writeVerdict(verdict: GateVerdict, opts: VerdictOutputs, io: Io): void {
  if (opts.json === true) io.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
  else io.stdout.write(renderGateTerminal(verdict, { color: io.color }));
  const markdown = renderGateMarkdown(verdict);
  if (opts.markdown !== undefined) writeFile(resolve(io.cwd, opts.markdown), markdown);
  if (opts.junit !== undefined) writeFile(resolve(io.cwd, opts.junit), renderGateJunit(verdict));
  const summary = io.env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') appendFileSync(resolve(io.cwd, summary), markdown + '\n');
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
