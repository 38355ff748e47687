/**
 * `capplan report run.json [--format html,md,junit,json] [--out DIR]`: renders report files
 * from a recorded run (default: next to run.json) and prints the paths written, one a line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { readRunRecord } from '../../record/read.js';
import {
  FILE_RENDERERS,
  parseReportFormats,
  REPORT_FILE_NAMES,
  REPORT_FORMATS,
  type ReportFormat,
} from '../../report/index.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options report-command.ts declares. */
export type ReportFlags = { format: string; out?: string };

const DEFAULT_FORMATS = 'html,md,junit';

export type ReportOptions = { formats: ReportFormat[]; out?: string };

export function reportOptions(flags: ReportFlags): ReportOptions {
  const formats = formatsOf(flags.format);
  return flags.out === undefined || flags.out === '' ? { formats } : { formats, out: flags.out };
}

function writeReport(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function formatsOf(list: string): ReportFormat[] {
  const { formats, unknown } = parseReportFormats(list);
  if (unknown.length > 0) {
    const names = unknown.map((u) => `"${u}"`).join(', ');
    throw new UsageError(`unknown report format ${names} (known: ${REPORT_FORMATS.join(', ')})`, {
      hint: `e.g. --format ${DEFAULT_FORMATS}`,
    });
  }
  if (formats.length === 0) throw new UsageError('--format is empty', { hint: `e.g. --format ${DEFAULT_FORMATS}` });
  return formats;
}

/** Relative to the working folder when inside it (short, clickable), absolute otherwise. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export async function reportCommand(file: string, options: ReportOptions, io: Io): Promise<number> {
  const { formats } = options;
  const source = resolve(io.cwd, file);
  const record = readRunRecord(source);
  const outDir = options.out !== undefined ? resolve(io.cwd, options.out) : dirname(source);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `cannot create the output folder ${outDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const written: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILE_NAMES[format]);
    // Rendering run.json onto itself would only reformat the input: list it, leave it alone.
    if (path !== source) writeReport(path, FILE_RENDERERS[format](record));
    written.push(path);
  }
  io.stdout.write(written.map((p) => `${displayPath(io.cwd, p)}\n`).join(''));
  return ExitCode.ok;
}
