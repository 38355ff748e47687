/**
 * Where a run's files go and what it prints: `reports/<name>-<UTC stamp>/` (or --out) gets
 * run.json always — partial runs included — plus the report files of --format; stdout gets
 * the terminal summary or, with --json, the RunRecord.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeRunRecord } from '../../../record/write.js';
import type { RunRecord } from '../../../record/types.js';
import { FILE_RENDERERS, REPORT_FILE_NAMES, parseReportFormats, renderJson, renderTerminal, type ReportFormat } from '../../../report/index.js';
import { UsageError } from '../../../errors.js';
import type { Io } from '../../io.js';

/** "20261128T071800Z" */
export function utcStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A file-system-safe version of a scenario name. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}

/** The formats of `--format`, or a UsageError naming the unknown ones. */
export function reportFormats(list: unknown): ReportFormat[] {
  const { formats, unknown } = parseReportFormats(typeof list === 'string' ? list : 'json,html,md,junit');
  if (unknown.length > 0) throw new UsageError(`unknown report format ${unknown.map((u) => `"${u}"`).join(', ')}`, { hint: 'use --format json,html,md,junit' });
  return formats;
}

export function outputDir(io: Io, out: unknown, name: string): string {
  if (typeof out === 'string' && out !== '') return resolve(io.cwd, out);
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
  if (record.status === 'aborted') io.stderr.write(`capplan: run aborted: ${record.abortReason ?? 'unknown reason'}; partial record in ${files[0]}\n`);
  if (record.status === 'interrupted') io.stderr.write(`capplan: interrupted; partial record in ${files[0]}\n`);
}
