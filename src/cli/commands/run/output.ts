/**
 * Where a run's files go and what it prints: `reports/<name>-<UTC stamp>/` (or --out) gets
 * run.json always — partial runs included — plus the report files of --format; stdout gets
 * the terminal summary or, with --json, the RunRecord.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeRunRecord } from '../../../record/write.js';
import type { RunRecord } from '../../../record/types.js';
import { plainText } from '../../../report/escape.js';
import {
  FILE_RENDERERS,
  REPORT_FILE_NAMES,
  parseReportFormats,
  renderJson,
  renderTerminal,
  type ReportFormat,
} from '../../../report/index.js';
import { InternalError, UsageError } from '../../../errors.js';
import type { Io } from '../../io.js';
import { fallbackRunDir, fsReason } from './dir.js';

/** "20261128T071800Z" */
export function utcStamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A file-system-safe version of a scenario name. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}

/** The formats of `--format`, or a UsageError naming the unknown ones. */
export function reportFormats(list: string): ReportFormat[] {
  const { formats, unknown } = parseReportFormats(list);
  if (unknown.length > 0)
    throw new UsageError(`unknown report format ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      hint: 'use --format json,html,md,junit',
    });
  return formats;
}

export function outputDir(io: Io, out: string | undefined, name: string): string {
  if (out !== undefined && out !== '') return resolve(io.cwd, out);
  return join(io.cwd, 'reports', `${safeName(name)}-${utcStamp(io.now())}`);
}

/** Writes run.json and the requested reports; returns the paths written (run.json first). */
export function writeRunFiles(dir: string, record: RunRecord, formats: readonly ReportFormat[]): string[] {
  mkdirSync(dir, { recursive: true });
  const runPath = join(dir, REPORT_FILE_NAMES.json);
  writeRunRecord(runPath, record);
  const paths = [runPath];
  for (const format of formats) {
    if (format === 'json') continue;
    const path = join(dir, REPORT_FILE_NAMES[format]);
    writeFileSync(path, FILE_RENDERERS[format](record));
    paths.push(path);
  }
  return paths;
}

/** The summary (or the record as JSON) on stdout; why a run stopped early on stderr. */
export function printRunResult(io: Io, record: RunRecord, paths: readonly string[], json: boolean): void {
  const files = paths.map((p) => relative(io.cwd, p) || p);
  if (json) io.stdout.write(renderJson(record));
  else io.stdout.write(renderTerminal(record, { color: io.color, columns: io.columns, files }));
  const where = files[0] === undefined ? 'no record written' : `partial record in ${files[0]}`;
  const reason = plainText(record.abortReason ?? 'unknown reason');
  if (record.status === 'aborted') io.stderr.write(`capplan: run aborted: ${reason}; ${where}\n`);
  if (record.status === 'interrupted') io.stderr.write(`capplan: interrupted; ${where}\n`);
}

/**
 * Writes the run's files and prints the result, losing neither: a folder that fails now gets
 * a fallback under the temp folder (a warning says where); a record its own schema refuses
 * (a capplan bug, InternalError) is thrown after the summary was printed.
 */
export function saveAndPrintRun(
  io: Io,
  dir: string,
  record: RunRecord,
  formats: readonly ReportFormat[],
  json: boolean,
): void {
  let paths: string[] = [];
  let failure: unknown;
  try {
    paths = writeRunFiles(dir, record, formats);
  } catch (error) {
    if (error instanceof InternalError) failure = error;
    else paths = writeFallback(io, dir, record, formats, error);
  }
  printRunResult(io, record, paths, json);
  if (failure !== undefined) throw failure;
}

function writeFallback(
  io: Io,
  dir: string,
  record: RunRecord,
  formats: readonly ReportFormat[],
  error: unknown,
): string[] {
  const fallback = fallbackRunDir(safeName(record.scenario.name));
  const paths = writeRunFiles(fallback, record, formats);
  const shown = relative(io.cwd, dir) || dir;
  io.stderr.write(
    `warning: cannot write to ${shown}: ${fsReason(error)}` + `; the run was written to ${fallback} instead\n`,
  );
  return paths;
}
