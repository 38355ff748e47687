/**
 * Pure renderers of a RunRecord (string out): the terminal summary, report.html,
 * report.md, junit.xml and run.json. cli/ picks them by format and writes the files.
 */
import type { RunRecord } from '../record/types.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

export { renderTerminal, type TerminalOptions } from './terminal.js';
export { renderHtml, REPORT_CSP } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderJunit } from './junit.js';
export { renderJson } from './json.js';

/** A report file format of `--format`. */
export type ReportFormat = 'json' | 'html' | 'md' | 'junit';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'md', 'junit'];

/** File name of each format inside the output folder. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  json: 'run.json',
  html: 'report.html',
  md: 'report.md',
  junit: 'junit.xml',
};

/** The renderer of each file format. */
export const FILE_RENDERERS: Readonly<Record<ReportFormat, (record: RunRecord) => string>> = {
  json: renderJson,
  html: renderHtml,
  md: renderMarkdown,
  junit: renderJunit,
};

/**
 * Parses a `--format` list ("html,md"); returns the formats in canonical order, or the
 * unknown names so the caller can raise a usage error.
 */
export function parseReportFormats(list: string): { formats: ReportFormat[]; unknown: string[] } {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const aliases: Record<string, ReportFormat> = { markdown: 'md', xml: 'junit', htm: 'html' };
  const unknown: string[] = [];
  const wanted = new Set<ReportFormat>();
  for (const name of names) {
    const format = (REPORT_FORMATS as readonly string[]).includes(name) ? (name as ReportFormat) : aliases[name];
    if (format) wanted.add(format);
    else unknown.push(name);
  }
  return { formats: REPORT_FORMATS.filter((f) => wanted.has(f)), unknown };
}
