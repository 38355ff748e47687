/** report.html's Endpoints section: which endpoints depend on the pool, the table, the p99 chart. */
import type { RunRecord } from '../record/types.js';
import { endpointP99Chart } from './charts/endpoint-charts.js';
import { escapeHtml as h } from './escape.js';
import { endpointFindings, endpointRows } from './endpoints.js';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.js';
import { table, type Cell } from './html-tables.js';
import { isSweep } from './steps.js';

const n = (text: string): Cell => ({ text, num: true });

export function endpointsSection(record: RunRecord): string {
  const rows = endpointRows(record);
  if (rows.length === 0) return '';
  const head: Cell[] = [
    { text: isSweep(record) ? 'step' : 'stage' },
    { text: 'endpoint' },
    n('rate/s'),
    n('p50'),
    n('p95'),
    n('p99'),
    n('errors'),
    n('error rate'),
  ];
  const ms = (v: number, none: boolean): Cell => n(none ? '–' : formatMs(v));
  const cells = rows.map((r) => [
    { text: r.step },
    { text: r.name },
    n(formatNumber(r.ratePerSec)),
    ms(r.p50Ms, r.noLatency),
    ms(r.p95Ms, r.noLatency),
    ms(r.p99Ms, r.noLatency),
    n(formatCount(r.errors)),
    n(formatPercent(r.errorRate)),
  ]);
  const findings = endpointFindings(record)
    .map((e) => {
      const pill = e.dependsOnPool
        ? '<span class="pill fail">depends on the pool</span>'
        : '<span class="pill pass">does not depend on the pool</span>';
      return `<li><strong>${h(e.name)}</strong> ${pill} ${h(e.why)}</li>`;
    })
    .join('');
  return (
    `<section><h2>Endpoints</h2>${findings === '' ? '' : `<ul class="signals">${findings}</ul>`}` +
    `${table(head, cells, ' data-table="endpoints"')}<div class="stack">${endpointP99Chart(record)}</div></section>`
  );
}
