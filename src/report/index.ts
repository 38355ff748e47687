/**
 * Pure renderers of a RunRecord (string out). STUB until the reports issue lands:
 * the signatures are the contract used by cli/.
 */
import type { RunRecord } from '../record/types.js';

export type TerminalOptions = { color: boolean; columns: number; files?: readonly string[] };

export function renderTerminal(record: RunRecord, _options: TerminalOptions): string {
  const lines = [record.analysis.summary, '', 'level  goodput/s  p99 ms  errors'];
  for (const s of record.steps) lines.push(`${s.level}  ${s.goodputPerSec.toFixed(1)}  ${s.latencyMs.p99.toFixed(1)}  ${s.errorCount}`);
  return lines.join('\n') + '\n';
}

export function renderMarkdown(record: RunRecord): string {
  return `# ${record.scenario.name}\n\n${record.analysis.summary}\n`;
}

export function renderHtml(record: RunRecord): string {
  return `<!doctype html><title>capplan</title><p>${record.analysis.summary.replace(/[<>&"]/g, '')}</p>`;
}

export function renderJunit(record: RunRecord): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="capplan ${record.scenario.name.replace(/[<>&"]/g, '')}"/>\n`;
}

export function renderJson(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}
