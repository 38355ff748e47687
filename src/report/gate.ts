/**
 * Renderers of a CI gate verdict (DESIGN.md §7). Pure: verdict in, string out.
 * - terminal: a table (cli-table3) plus the messages; colour only when asked;
 * - Markdown: for `$GITHUB_STEP_SUMMARY` and PR comments;
 * - JUnit XML: one test case per gated metric and SLO, so CI test tabs show the gate.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { GateMetricResult, GateStatus, GateVerdict, MetricStatus } from '../gate/types.js';

const STATUS_WORD: Record<GateStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'needs-confirmation': 'FAIL (tentative: needs a confirmation batch)',
  inconclusive: 'INCONCLUSIVE (too few candidate runs to tell a regression from noise)',
};
const METRIC_WORD: Record<MetricStatus, string> = {
  pass: 'pass',
  improved: 'improved',
  warn: 'warn',
  fail: 'FAIL',
  skipped: 'skipped',
};
const METRIC_ICON: Record<MetricStatus, string> = { pass: '✅', improved: '🚀', warn: '⚠️', fail: '❌', skipped: '➖' };
const GATE_ICON: Record<GateStatus, string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  'needs-confirmation': '❌',
  inconclusive: '⚠️',
};

/** The verdict's headline: "capplan gate: FAIL (3 baseline runs, 6 candidate runs)". */
export function gateHeadline(verdict: GateVerdict): string {
  return (
    `capplan gate: ${STATUS_WORD[verdict.status]} (${plural(verdict.baselineRuns, 'baseline run')}, ` +
    `${plural(verdict.candidateRuns, 'candidate run')})`
  );
}

/** The cells of a metric's row before its status, the same in the terminal table and in Markdown. */
function figureCells(m: GateMetricResult): string[] {
  return [
    m.name,
    baselineCell(m),
    candidateCell(m),
    pctCell(m.changePct, true),
    pctCell(m.marginPct),
    noiseCell(m.noisePct),
  ];
}

export function renderGateTerminal(verdict: GateVerdict, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const table = new Table({
    head: ['metric', 'baseline', 'candidate', 'change', 'margin', 'noise', 'status'].map((h) => c.bold(h)),
    style: { head: [], border: [] },
    // Compact: no rule between body rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const m of verdict.metrics) {
    table.push([...figureCells(m), paint(c, m.status, METRIC_WORD[m.status])]);
  }
  const lines = [paintGate(c, verdict.status, gateHeadline(verdict)), table.toString()];
  for (const m of verdict.metrics) lines.push(`${paint(c, m.status, marker(m.status))} ${m.message}`);
  for (const note of verdict.notes) lines.push(c.dim(`note: ${note}`));
  return lines.join('\n') + '\n';
}

export function renderGateMarkdown(verdict: GateVerdict): string {
  const lines = [
    `## ${GATE_ICON[verdict.status]} ${gateHeadline(verdict)}`,
    '',
    '| metric | baseline | candidate | change | margin | noise | status |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const m of verdict.metrics) {
    const cells = [...figureCells(m), `${METRIC_ICON[m.status]} ${METRIC_WORD[m.status]}`];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  lines.push('');
  for (const m of verdict.metrics) lines.push(`- **${escapeInline(m.name)}**: ${escapeInline(m.message)}`);
  if (verdict.notes.length > 0) {
    lines.push('', '<details><summary>notes</summary>', '');
    for (const note of verdict.notes) lines.push(`- ${escapeInline(note)}`);
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}

export function renderGateJunit(verdict: GateVerdict): string {
  const cases = verdict.metrics.filter((m) => m.gated || m.kind === 'knee');
  const failures = cases.filter((m) => m.gated && m.status === 'fail').length;
  const skipped = cases.filter((m) => m.status === 'skipped').length;
  const attrs = `name="capplan gate" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs}>`, `  <testsuite ${attrs}>`];
  lines.push(
    '    <properties>',
    ...[
      ['status', verdict.status],
      ['baselineRuns', String(verdict.baselineRuns)],
      ['candidateRuns', String(verdict.candidateRuns)],
      ['tolerance', String(verdict.tolerance)],
      ['confirmation', verdict.confirmation],
    ].map(([k, v]) => `      <property name="${xml(k!)}" value="${xml(v!)}"/>`),
    '    </properties>',
  );
  for (const m of cases) lines.push(...junitCase(m));
  if (verdict.notes.length > 0) lines.push(`    <system-out>${xml(verdict.notes.join('\n'))}</system-out>`);
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}

function junitCase(m: GateMetricResult): string[] {
  const open = `    <testcase classname="capplan.gate" name="${xml(m.name)}">`;
  if (m.status === 'fail' && m.gated)
    return [
      open,
      `      <failure message="${xml(m.message)}" type="${m.kind}-regression">${xml(m.message)}</failure>`,
      '    </testcase>',
    ];
  if (m.status === 'skipped') return [open, `      <skipped message="${xml(m.message)}"/>`, '    </testcase>'];
  return [open, `      <system-out>${xml(`${METRIC_WORD[m.status]}: ${m.message}`)}</system-out>`, '    </testcase>'];
}

function baselineCell(m: GateMetricResult): string {
  if (m.kind === 'slo') return m.baseline.mean === null ? '–' : `limit ${value(m.baseline.mean, m.unit)}`;
  return m.baseline.mean === null ? `– (n=${m.baseline.n})` : `${value(m.baseline.mean, m.unit)} (n=${m.baseline.n})`;
}

function candidateCell(m: GateMetricResult): string {
  return m.candidate.mean === null
    ? `– (n=${m.candidate.n})`
    : `${value(m.candidate.mean, m.unit)} (n=${m.candidate.n})`;
}

function value(v: number, unit: string): string {
  if (unit === 'ratio') return `${Number((v * 100).toPrecision(3))}%`;
  const shown = Math.abs(v) >= 100 ? Math.round(v).toString() : Number(v.toPrecision(3)).toString();
  if (unit === 'concurrency') return `c=${shown}`;
  return `${shown} ${unit}`;
}

function pctCell(pct: number | null, signed = false): string {
  if (pct === null) return '–';
  const rounded = Math.abs(pct) >= 10 ? Math.round(pct) : Number(pct.toFixed(1));
  return `${signed && rounded > 0 ? '+' : ''}${rounded === 0 ? 0 : rounded}%`;
}

function noiseCell(pct: number | null): string {
  return pct === null ? '–' : `±${pctCell(pct)}`;
}

function marker(status: MetricStatus): string {
  return { pass: '✓', improved: '↑', warn: '!', fail: '✗', skipped: '-' }[status];
}

function paint(c: ChalkInstance, status: MetricStatus, text: string): string {
  if (status === 'fail') return c.red.bold(text);
  if (status === 'warn') return c.yellow(text);
  if (status === 'pass' || status === 'improved') return c.green(text);
  return c.dim(text);
}

function paintGate(c: ChalkInstance, status: GateStatus, text: string): string {
  return paint(c, status === 'needs-confirmation' ? 'fail' : status === 'inconclusive' ? 'warn' : status, text);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|');
}

/** Markdown inline text: no HTML, no accidental emphasis from scenario names. */
function escapeInline(text: string): string {
  return text
    .replace(/[<>&]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch]!)
    .replace(/([*_`[\]])/g, '\\$1')
    .replace(/\n/g, ' ');
}

function xml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
}
