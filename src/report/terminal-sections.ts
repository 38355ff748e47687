/**
 * The sections of the terminal summary, each a pure function of the record returning lines.
 */
import type { ChalkInstance } from 'chalk';
import type { RunRecord } from '../record/types.js';
import { formatFirstError, sloObjective, formatSloValue } from './facts.js';
import { planFacts, planSentence } from './plan-facts.js';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.js';
import { formatLevel, humanize, levelAxisLabel } from './labels.js';
import { commonWarmupNote, errorsByKind, isSweep, stepRows, summarizeProbes, timeWindows } from './steps.js';
import { heading, labelValueLines, renderTable, wrapText } from './terminal-layout.js';
import { resample, sparkline, textBar } from './text-chart.js';
import { plainText } from './escape.js';
import { maxOf } from '../stats/index.js';

export type SectionContext = { c: ChalkInstance; columns: number };

/** Steps (sweep levels) or stages, with flags, then the warm-up note. */
export function stepsSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  if (record.steps.length === 0) return [];
  const rows = stepRows(record);
  const sweep = isSweep(record);
  const levelHead = record.model === 'closed' ? 'concurrency' : 'rate/s';
  const head = [
    ...(sweep ? [] : [{ head: 'stage' }]),
    { head: levelHead, align: 'right' as const },
    { head: 'goodput/s', align: 'right' as const },
    { head: 'p50', align: 'right' as const, optional: true },
    { head: 'p99', align: 'right' as const },
    { head: 'errors', align: 'right' as const },
    { head: 'in-flight', align: 'right' as const, optional: true },
    { head: 'flags', flexible: true },
  ];
  const cells = rows.map(({ step, flags }) => [
    ...(sweep ? [] : [step.label]),
    step.fromLevel !== step.level
      ? `${formatNumber(step.fromLevel)}→${formatNumber(step.level)}`
      : formatNumber(step.level),
    formatNumber(step.goodputPerSec),
    formatMs(step.latencyMs.p50),
    formatMs(step.latencyMs.p99),
    step.errorCount === 0 ? '0' : `${formatCount(step.errorCount)} (${formatPercent(step.errorRate)})`,
    formatNumber(step.inFlight),
    [...(step.kind === 'probe' ? ['probe'] : []), ...flags].join(', '),
  ]);
  const errorsCol = head.findIndex((h) => h.head === 'errors');
  const paint = (r: number, col: number, text: string): string => {
    const row = rows[r];
    if (col === errorsCol && row && row.step.errorCount > 0) return c.red(text);
    if (col === head.length - 1 && /saturated|unstable|diverging|excluded/.test(text)) return c.yellow(text);
    return text;
  };
  const lines = [heading(c, sweep ? 'Sweep levels' : 'Stages'), ...renderTable(c, head, cells, { columns, paint })];
  const note = commonWarmupNote(record);
  if (note) lines.push(c.dim(`  ${note}`));
  for (const row of rows)
    if (row.excludedWhy)
      lines.push(
        ...wrapText(`${row.step.label} left out of the fit: ${row.excludedWhy}`, columns, '  ').map((l) => c.dim(l)),
      );
  return lines;
}

/** Sweeps: a bar per level for goodput and for p99 (the capacity curve at a glance). */
export function sweepChartSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  if (!isSweep(record) || record.steps.length < 2) return [];
  const rows = stepRows(record).map((r) => r.step);
  const maxGoodput = maxOf(rows.map((s) => s.goodputPerSec));
  const maxP99 = maxOf(rows.map((s) => s.latencyMs.p99));
  const labelWidth = maxOf(
    rows.map((s) => formatNumber(s.level).length),
    5,
  );
  // label, two bars each followed by its value (≤ 9 chars), gaps: fits the given width.
  const barWidth = Math.max(
    6,
    Math.min(30, Math.floor((columns - 2 - labelWidth - 2 - 2 * 11 - 3 - KNEE_MARK.length) / 2)),
  );
  const lines = [heading(c, `Goodput and p99 by ${levelAxisLabel(record.model)}`)];
  lines.push(
    (
      `  ${''.padStart(labelWidth)}  ${c.dim(`goodput (max ${formatNumber(maxGoodput)}/s)`.padEnd(barWidth + 11))} ` +
      `${c.dim(`p99 (max ${formatMs(maxP99)})`)}`
    ).trimEnd(),
  );
  for (const s of rows) {
    const kneeMark = markKnee(record, s.level);
    lines.push(
      `  ${formatNumber(s.level).padStart(labelWidth)}  ` +
        `${c.green(textBar(s.goodputPerSec, maxGoodput, barWidth))} ${formatNumber(s.goodputPerSec).padEnd(9)}  ` +
        `${c.magenta(textBar(s.latencyMs.p99, maxP99, barWidth))} ${formatMs(s.latencyMs.p99)}${kneeMark}`.trimEnd(),
    );
  }
  return lines;
}

const KNEE_MARK = '  ◂ knee';

function markKnee(record: RunRecord, level: number): string {
  const knee = record.analysis.knee;
  if (!knee || knee.censored) return '';
  return level >= knee.bracket[0] && level <= knee.bracket[1] && level === nearestLevel(record, knee.concurrency)
    ? KNEE_MARK
    : '';
}

function nearestLevel(record: RunRecord, x: number): number {
  return record.steps.reduce(
    (best, s) => (Math.abs(s.level - x) < Math.abs(best - x) ? s.level : best),
    record.steps[0]?.level ?? 0,
  );
}

/** Stage runs: sparklines of rate, errors, p99 and in-flight over time. */
export function timelineSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  if (isSweep(record) || timeWindows(record).length < 2) return [];
  const width = Math.max(10, Math.min(70, columns - 30));
  const w = timeWindows(record);
  const series: [string, number[], 'max' | 'mean', string][] = [
    ['ok/s', w.map((x) => (x.ok * 1000) / x.durationMs), 'mean', '/s'],
    ['errors/s', w.map((x) => (x.errorCount * 1000) / x.durationMs), 'max', '/s'],
    ['p99', w.map((x) => x.latencyMs.p99), 'max', 'ms'],
    ['in-flight', w.map((x) => x.inFlight), 'max', ''],
  ];
  const lines = [heading(c, `Over time (${formatMs(record.durationMs)}, ${w.length} windows)`)];
  for (const [name, values, reduce, unit] of series) {
    const max = maxOf(values);
    const maxText = unit === 'ms' ? formatMs(max) : `${formatNumber(max)}${unit}`;
    lines.push(
      `  ${name.padEnd(10)} ${c.cyan(sparkline(resample(values, width, reduce)))}  ${c.dim(`max ${maxText}`)}`,
    );
  }
  lines.push(`  ${''.padEnd(10)} ${c.dim(stageRuler(record, width))}`.trimEnd());
  return lines;
}

/** A ruler under the sparklines naming the stages where they start. */
function stageRuler(record: RunRecord, width: number): string {
  const n = timeWindows(record).length;
  const chars = Array.from({ length: Math.min(width, n) }, () => ' ');
  let last = '';
  timeWindows(record).forEach((w, i) => {
    if (w.stage === last) return;
    last = w.stage;
    const at = Math.floor((i * chars.length) / n);
    const label = `|${w.stage}`;
    for (let k = 0; k < label.length && at + k < chars.length; k++)
      if (chars[at + k] === ' ' || k === 0) chars[at + k] = label[k] ?? ' ';
  });
  return chars.join('');
}

export function spikesSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const spikes = record.analysis.spikes;
  if (spikes.length === 0) return [];
  const head = [
    { head: 'spike' },
    { head: 'level', align: 'right' as const, optional: true },
    { head: 'p99 before', align: 'right' as const, optional: true },
    { head: 'peak p99', align: 'right' as const },
    { head: 'errors', align: 'right' as const },
    { head: 'first error', align: 'right' as const, optional: true },
    { head: 'recovery', flexible: true },
  ];
  const cells = spikes.map((s) => [
    s.stage,
    formatLevel(s.level, record.model),
    formatMs(s.baselineLatencyMs),
    formatMs(s.peakLatencyMs),
    formatCount(s.errors),
    formatFirstError(s.timeToFirstErrorMs),
    s.recoveryMs === null ? 'did not recover' : `${formatMs(s.recoveryMs)} after the spike`,
  ]);
  const paint = (r: number, col: number, text: string): string =>
    col === 6 && spikes[r]?.recoveryMs === null ? c.red(text) : text;
  return [heading(c, 'Spikes'), ...renderTable(c, head, cells, { columns, paint })];
}

export function sloSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const slos = record.analysis.slo;
  if (slos.length === 0) return [];
  const head = [
    { head: 'objective' },
    { head: 'scope' },
    { head: 'actual', align: 'right' as const },
    { head: 'result', flexible: true },
  ];
  const cells = slos.map((s) => [sloObjective(s), s.scope, formatSloValue(s.actual, s.unit), s.pass ? 'pass' : 'FAIL']);
  const paint = (r: number, col: number, text: string): string =>
    col === 3 ? (slos[r]?.pass ? c.green(text) : c.red.bold(text)) : text;
  const failed = slos.filter((s) => !s.pass).length;
  const title = failed === 0 ? `SLOs: all ${slos.length} met` : `SLOs: ${failed} of ${slos.length} failed`;
  return [heading(c, title), ...renderTable(c, head, cells, { columns, paint })];
}

export function planSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const facts = planFacts(record);
  const plan = record.analysis.plan;
  if (!facts || !plan) return [];
  const lines = [heading(c, 'Plan'), ...wrapText(planSentence(record) ?? '', columns, '  ')];
  for (const f of facts) lines.push(...labelValueLines(c, f, { label: 18, value: 16, columns }));
  for (const note of plan.notes) lines.push(...wrapText(`· ${note}`, columns, '  ').map((l) => c.dim(l)));
  return lines;
}

/** Evidence: every signal with where it shows, then each probe metric's peak. */
export function evidenceSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const lines: string[] = [];
  const signals = record.analysis.signals;
  if (signals.length > 0) {
    lines.push(heading(c, 'Evidence'));
    for (const s of signals) {
      const at = s.at === null ? '' : ` @ ${formatNumber(s.at)}`;
      lines.push(
        ...wrapText(`${humanize(s.kind)}${at}: ${s.detail}`, columns, '  · ').map((l, i) =>
          i === 0 ? l : `    ${l.slice(4)}`,
        ),
      );
    }
  }
  const probes = summarizeProbes(record);
  if (probes.length > 0) {
    lines.push(heading(c, 'Probes'));
    for (const p of probes) {
      const where = p.maxStage ? ` (${p.maxStage})` : '';
      lines.push(
        ...wrapText(
          `${p.probe} ${p.metric}: peak ${formatNumber(p.max)}${where}, last ${formatNumber(p.last)}`,
          columns,
          '  ',
        ),
      );
    }
  }
  const kinds = errorsByKind(record);
  if (kinds.length > 0) {
    lines.push(heading(c, 'Errors by kind'));
    lines.push(
      ...wrapText(kinds.map(([k, n]) => `${k} ${formatCount(n)}`).join(' · '), columns, '  ').map((l) => c.red(l)),
    );
    const samples = [...new Set(record.steps.flatMap((s) => s.errorSamples))].slice(0, 3);
    for (const sample of samples) {
      lines.push(...wrapText(`“${plainText(sample)}”`, columns, '    ').map((l) => c.dim(l)));
    }
  }
  return lines;
}
