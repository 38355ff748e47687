/** The terminal's per-endpoint table and the analysis of which endpoints depend on the pool. */
import type { RunRecord } from '../record/types.js';
import { endpointFindings, endpointRows } from './endpoints.js';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.js';
import { heading, renderTable, wrapText } from './terminal-layout.js';
import type { SectionContext } from './terminal-sections.js';
import { isSweep } from './steps.js';

export function endpointsSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const rows = endpointRows(record);
  if (rows.length === 0) return [];
  const head = [
    { head: isSweep(record) ? 'step' : 'stage' },
    { head: 'endpoint' },
    { head: 'rate/s', align: 'right' as const },
    { head: 'p50', align: 'right' as const, optional: true },
    { head: 'p95', align: 'right' as const, optional: true },
    { head: 'p99', align: 'right' as const },
    { head: 'errors', align: 'right' as const },
    { head: 'error rate', align: 'right' as const, flexible: true },
  ];
  const ms = (v: number, none: boolean): string => (none ? '–' : formatMs(v));
  const cells = rows.map((r) => [
    r.step,
    r.name,
    formatNumber(r.ratePerSec),
    ms(r.p50Ms, r.noLatency),
    ms(r.p95Ms, r.noLatency),
    ms(r.p99Ms, r.noLatency),
    formatCount(r.errors),
    formatPercent(r.errorRate),
  ]);
  const paint = (row: number, col: number, text: string): string =>
    col >= 6 && (rows[row]?.errors ?? 0) > 0 ? c.red(text) : text;
  const lines = [heading(c, 'Endpoints'), ...renderTable(c, head, cells, { columns, paint })];
  for (const e of endpointFindings(record)) {
    const text = `${e.name}: ${e.why}`;
    lines.push(...wrapText(text, columns, '  · ').map((l, i) => (i === 0 ? l : `    ${l.slice(4)}`)));
  }
  return lines;
}
