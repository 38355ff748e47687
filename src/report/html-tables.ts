/**
 * Tables of report.html: steps or stages, spikes, SLOs, warnings. Cells are escaped.
 */
import type { RunRecord } from '../record/types.js';
import { escapeHtml as h } from './escape.js';
import { allWarnings, formatFirstError, formatSloValue, sloObjective } from './facts.js';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.js';
import { formatLevel } from './labels.js';
import { commonWarmupNote, errorsByKind, isSweep, stepRows } from './steps.js';

export type Cell = { text: string; num?: boolean; html?: string };

export function table(head: readonly Cell[], rows: readonly (readonly Cell[])[], attrs = ''): string {
  const th = head.map((c) => `<th${c.num ? ' class="num"' : ''}>${h(c.text)}</th>`).join('');
  const tr = rows
    .map((r) => `<tr>${r.map((c) => `<td${c.num ? ' class="num"' : ''}>${c.html ?? h(c.text)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table${attrs}><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}

const n = (text: string): Cell => ({ text, num: true });

export function stepsTable(record: RunRecord): string {
  if (record.steps.length === 0) return '';
  const sweep = isSweep(record);
  const head: Cell[] = [
    { text: sweep ? 'step' : 'stage' },
    n(record.model === 'closed' ? 'concurrency' : 'offered rate/s'),
    n('goodput/s'),
    n('throughput/s'),
    n('p50'),
    n('p90'),
    n('p99'),
    n('max'),
    n('errors'),
    n('error rate'),
    n('in-flight'),
    { text: 'flags' },
  ];
  const rows = stepRows(record).map(({ step: s, flags, excludedWhy }) => {
    const flagHtml = [
      ...(s.kind === 'probe' ? ['<span class="flag plain">probe</span>'] : []),
      ...flags.map((f) => {
        const plain = f === 'refine' || f.startsWith('warm-up') ? ' plain' : '';
        const title = f === 'excluded' && excludedWhy ? ` title="${h(excludedWhy)}"` : '';
        return `<span class="flag${plain}"${title}>${h(f)}</span>`;
      }),
    ].join('');
    return [
      { text: s.label },
      n(s.fromLevel !== s.level ? `${formatNumber(s.fromLevel)} → ${formatNumber(s.level)}` : formatNumber(s.level)),
      n(formatNumber(s.goodputPerSec)),
      n(formatNumber(s.throughputPerSec)),
      n(formatMs(s.latencyMs.p50)),
      n(formatMs(s.latencyMs.p90)),
      n(formatMs(s.latencyMs.p99)),
      n(formatMs(s.latencyMs.max)),
      n(formatCount(s.errorCount)),
      n(formatPercent(s.errorRate)),
      n(formatNumber(s.inFlight)),
      { text: flags.join(', '), html: flagHtml },
    ];
  });
  const note = commonWarmupNote(record);
  const excluded = record.analysis.excludedSteps
    .map((e) => {
      const step = record.steps.find((s) => s.index === e.index);
      return `<li>${h(step?.label ?? `step ${e.index}`)}: ${h(e.why)}</li>`;
    })
    .join('');
  return (
    `<section><h2>${sweep ? 'Sweep levels' : 'Stages'}</h2>${table(head, rows, ' data-table="steps"')}` +
    (note ? `<p class="note">${h(note)}.</p>` : '') +
    (excluded ? `<p class="note">Left out of the fit:</p><ul class="signals">${excluded}</ul>` : '') +
    `</section>`
  );
}

export function spikesTable(record: RunRecord): string {
  const spikes = record.analysis.spikes;
  if (spikes.length === 0) return '';
  const head: Cell[] = [
    { text: 'spike' },
    n('level'),
    n('p99 before'),
    n('peak p99'),
    n('errors'),
    n('first error'),
    n('recovery after the spike'),
    n('in-flight growth'),
  ];
  const rows = spikes.map((s) => [
    { text: s.stage },
    n(formatLevel(s.level, record.model)),
    n(formatMs(s.baselineLatencyMs)),
    n(formatMs(s.peakLatencyMs)),
    n(formatCount(s.errors)),
    n(formatFirstError(s.timeToFirstErrorMs)),
    s.recoveryMs === null
      ? { text: 'did not recover', num: true, html: '<span class="pill fail">did not recover</span>' }
      : n(formatMs(s.recoveryMs)),
    n(`${formatNumber(s.inFlightGrowthPerSec)}/s`),
  ]);
  return (
    `<section><h2>Spikes</h2>${table(head, rows, ' data-table="spikes"')}<p class="note">Recovery: ` +
    'time from the end of the spike until p99 is back within 20% of its pre-spike value.</p></section>'
  );
}

export function sloTable(record: RunRecord): string {
  const slos = record.analysis.slo;
  if (slos.length === 0) return '';
  const failed = slos.filter((s) => !s.pass).length;
  const head: Cell[] = [{ text: 'objective' }, { text: 'scope' }, n('actual'), { text: 'result' }];
  const rows = slos.map((s) => [
    { text: sloObjective(s) },
    { text: s.scope },
    n(formatSloValue(s.actual, s.unit)),
    {
      text: s.pass ? 'pass' : 'fail',
      html: s.pass ? '<span class="pill pass">pass</span>' : '<span class="pill fail">FAIL</span>',
    },
  ]);
  const title = failed === 0 ? `all ${slos.length} met` : `${failed} of ${slos.length} failed`;
  return `<section><h2>SLOs: ${h(title)}</h2>${table(head, rows, ' data-table="slo"')}</section>`;
}

export function errorsTable(record: RunRecord): string {
  const kinds = errorsByKind(record);
  if (kinds.length === 0) return '';
  const total = kinds.reduce((a, [, c]) => a + c, 0);
  const rows = kinds.map(([k, c]) => [{ text: k }, n(formatCount(c)), n(formatPercent(c / total))]);
  return `<h3>Errors by kind</h3>${table([{ text: 'kind' }, n('count'), n('share')], rows, ' data-table="errors"')}`;
}

export function warningsList(record: RunRecord): string {
  const warnings = allWarnings(record);
  if (warnings.length === 0) return '';
  return (
    '<section><h2>Warnings</h2><ul class="signals warnings">' +
    `${warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></section>`
  );
}
