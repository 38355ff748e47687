/** report.md's per-endpoint table and the analysis of which endpoints depend on the pool. */
import type { RunRecord } from '../record/types.js';
import { escapeMarkdown as m } from './escape.js';
import { endpointFindings, endpointRows } from './endpoints.js';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.js';
import { isSweep } from './steps.js';

export function endpointsBlock(record: RunRecord): string[] {
  const rows = endpointRows(record);
  if (rows.length === 0) return [];
  const ms = (v: number, none: boolean): string => (none ? '–' : formatMs(v));
  const body = rows.map(
    (r) =>
      `| ${m(r.step)} | ${m(r.name)} | ${formatNumber(r.ratePerSec)} | ${ms(r.p50Ms, r.noLatency)} | ` +
      `${ms(r.p95Ms, r.noLatency)} | ${ms(r.p99Ms, r.noLatency)} | ` +
      `${formatCount(r.errors)} | ${formatPercent(r.errorRate)} |`,
  );
  const findings = endpointFindings(record).map((e) => `- **${m(e.name)}**: ${m(e.why)}`);
  return [
    '### Endpoints',
    '',
    `| ${isSweep(record) ? 'step' : 'stage'} | endpoint | rate/s | p50 | p95 | p99 | errors | error rate |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...body,
    '',
    ...(findings.length > 0 ? [...findings, ''] : []),
  ];
}
