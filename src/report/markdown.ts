/**
 * report.md: the same numbers as the terminal and HTML, as GitHub-flavoured Markdown
 * tables, for $GITHUB_STEP_SUMMARY and PR comments. Every string from the scenario or the
 * target is escaped (pipes, backticks, HTML, emphasis).
 */
import type { RunRecord } from '../record/types.js';
import { escapeMarkdown as m } from './escape.js';
import { bottleneckView } from './bottleneck.js';
import {
  allWarnings,
  formatFirstError,
  keyFacts,
  sloObjective,
  formatSloValue,
  verdictTitle,
  type Fact,
} from './facts.js';
import { endpointsBlock } from './markdown-endpoints.js';
import { planFacts, planSentence } from './plan-facts.js';
import { formatCount, formatDurationMs, formatMs, formatNumber, formatPercent } from '../format.js';
import { formatLevel, humanize } from './labels.js';
import { commonWarmupNote, errorsByKind, isSweep, stepRows, summarizeProbes } from './steps.js';

function table(head: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function factsTable(facts: readonly Fact[]): string[] {
  return table(
    ['', 'value', ''],
    ['l', 'r', 'l'],
    facts.map((f) => [`**${m(f.label)}**`, m(f.value), m(f.detail)]),
  );
}

function stepsBlock(record: RunRecord): string[] {
  if (record.steps.length === 0) return [];
  const sweep = isSweep(record);
  const rows = stepRows(record).map(({ step: s, flags }) => [
    m(s.label),
    s.fromLevel !== s.level ? `${formatNumber(s.fromLevel)} → ${formatNumber(s.level)}` : formatNumber(s.level),
    formatNumber(s.goodputPerSec),
    formatMs(s.latencyMs.p50),
    formatMs(s.latencyMs.p99),
    formatCount(s.errorCount),
    formatPercent(s.errorRate),
    formatNumber(s.inFlight),
    m([...(s.kind === 'probe' ? ['probe'] : []), ...flags].join(', ')),
  ]);
  const head = [
    sweep ? 'step' : 'stage',
    record.model === 'closed' ? 'concurrency' : 'rate/s',
    'goodput/s',
    'p50',
    'p99',
    'errors',
    'error rate',
    'in-flight',
    'flags',
  ];
  const note = commonWarmupNote(record);
  return [
    `### ${sweep ? 'Sweep levels' : 'Stages'}`,
    '',
    ...table(head, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'], rows),
    ...(note ? ['', `_${m(note)}._`] : []),
    '',
  ];
}

function spikesBlock(record: RunRecord): string[] {
  const spikes = record.analysis.spikes;
  if (spikes.length === 0) return [];
  const rows = spikes.map((s) => [
    m(s.stage),
    formatLevel(s.level, record.model),
    formatMs(s.baselineLatencyMs),
    formatMs(s.peakLatencyMs),
    formatCount(s.errors),
    formatFirstError(s.timeToFirstErrorMs),
    s.recoveryMs === null ? '**did not recover**' : formatMs(s.recoveryMs),
  ]);
  return [
    '### Spikes',
    '',
    ...table(
      ['spike', 'level', 'p99 before', 'peak p99', 'errors', 'first error', 'recovery after'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      rows,
    ),
    '',
  ];
}

function sloBlock(record: RunRecord): string[] {
  const slos = record.analysis.slo;
  if (slos.length === 0) return [];
  const failed = slos.filter((s) => !s.pass).length;
  const rows = slos.map((s) => [
    m(sloObjective(s)),
    m(s.scope),
    formatSloValue(s.actual, s.unit),
    s.pass ? '✅ pass' : '❌ **FAIL**',
  ]);
  const title = failed === 0 ? `all ${slos.length} met` : `${failed} of ${slos.length} failed`;
  return [
    `### SLOs: ${title}`,
    '',
    ...table(['objective', 'scope', 'actual', 'result'], ['l', 'l', 'r', 'l'], rows),
    '',
  ];
}

function planBlock(record: RunRecord): string[] {
  const facts = planFacts(record);
  if (!facts) return [];
  const notes = record.analysis.plan?.notes ?? [];
  const sentence = planSentence(record);
  return [
    '### Plan',
    '',
    ...(sentence ? [m(sentence), ''] : []),
    ...factsTable(facts),
    ...(notes.length ? ['', ...notes.map((n) => `- ${m(n)}`)] : []),
    '',
  ];
}

/** What ran out: the evidence for and against, what would settle it, surge or slowdown. */
function bottleneckBlock(record: RunRecord): string[] {
  const v = bottleneckView(record);
  if (v === null) return [];
  return [
    `### ${m(v.title)}`,
    '',
    ...v.evidence.map((e) => `- ✔ ${m(e.source)}: ${m(e.text)}`),
    ...v.against.map((e) => `- ✘ against (${m(e.source)}): ${m(e.text)}`),
    ...(v.settle === null ? [] : [`- **To settle it:** ${m(v.settle)}`]),
    ...(v.failure === null ? [] : ['', m(v.failure)]),
    '',
  ];
}

function evidenceBlock(record: RunRecord): string[] {
  const lines: string[] = [];
  const signals = record.analysis.signals;
  if (signals.length > 0) {
    lines.push(
      '### Evidence',
      '',
      ...signals.map(
        (s) => `- **${m(humanize(s.kind))}**${s.at === null ? '' : ` at ${formatNumber(s.at)}`}: ${m(s.detail)}`,
      ),
      '',
    );
  }
  const probes = summarizeProbes(record);
  if (probes.length > 0) {
    const rows = probes.map((p) => [
      m(p.probe),
      m(p.metric),
      formatNumber(p.max),
      m(p.maxStage ?? '–'),
      formatNumber(p.last),
    ]);
    lines.push(
      '### Probes',
      '',
      ...table(['probe', 'metric', 'peak', 'at', 'last'], ['l', 'l', 'r', 'l', 'r'], rows),
      '',
    );
  }
  const kinds = errorsByKind(record);
  if (kinds.length > 0) {
    const samples = [...new Set(record.steps.flatMap((s) => s.errorSamples))].slice(0, 5);
    lines.push(
      '### Errors by kind',
      '',
      ...table(
        ['kind', 'count'],
        ['l', 'r'],
        kinds.map(([k, n]) => [m(k), formatCount(n)]),
      ),
      '',
    );
    if (samples.length > 0) lines.push('Samples:', '', ...samples.map((s) => `- ${m(s)}`), '');
  }
  return lines;
}

function environmentBlock(record: RunRecord): string[] {
  const e = record.environment;
  const rows: [string, string][] = [
    ['scenario file', record.scenario.file],
    ['target', e.targetUrl],
    ['started', record.startedAt],
    ['duration', formatDurationMs(record.durationMs)],
    ['status', record.status],
    ['tool', `${record.tool.name} ${record.tool.version}`],
    ['node', e.node],
    ['platform', e.platform],
    ['cpus / workers', `${e.cpus} / ${e.workers}`],
  ];
  return [
    '<details><summary>Environment</summary>',
    '',
    ...table(
      ['', ''],
      ['l', 'l'],
      rows.map(([k, v]) => [k, m(v)]),
    ),
    '',
    '</details>',
    '',
  ];
}

/** Renders report.md for a run. */
export function renderMarkdown(record: RunRecord): string {
  const a = record.analysis;
  const warnings = allWarnings(record);
  const lines = [
    `## capplan: ${m(record.scenario.name)} · ${verdictTitle(a.verdict)}`,
    '',
    `> ${m(a.summary)}`,
    '',
    ...factsTable(keyFacts(record)),
    '',
    ...bottleneckBlock(record),
    ...stepsBlock(record),
    ...endpointsBlock(record),
    ...spikesBlock(record),
    ...sloBlock(record),
    ...planBlock(record),
    ...evidenceBlock(record),
    ...(warnings.length ? ['### Warnings', '', ...warnings.map((w) => `- ⚠️ ${m(w)}`), ''] : []),
    ...environmentBlock(record),
  ];
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
