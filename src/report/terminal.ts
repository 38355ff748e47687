/**
 * The terminal summary: the verdict sentence first, then the key numbers, steps or stages,
 * a text chart, spikes, SLOs, the plan, evidence, warnings and the files written. Fits
 * `columns` (every line, without colour codes). Colour is the caller's decision
 * (`color`, from cli/: TTY and NO_COLOR); this module never reads the terminal.
 */
import { Chalk } from 'chalk';
import type { RunRecord } from '../record/types.js';
import { plainText } from './escape.js';
import { allWarnings, keyFacts, verdictTitle, verdictTone } from './facts.js';
import { formatDurationMs } from '../format.js';
import { heading, labelValueLines, toneColor, wrapText } from './terminal-layout.js';
import {
  evidenceSection,
  planSection,
  sloSection,
  spikesSection,
  stepsSection,
  sweepChartSection,
  timelineSection,
  type SectionContext,
} from './terminal-sections.js';
import { bottleneckSection } from './terminal-bottleneck.js';
import { isSweep } from './steps.js';
import { endpointsSection } from './terminal-endpoints.js';

export type TerminalOptions = {
  /** Emit ANSI colour (decided by cli/ from the TTY and NO_COLOR). */
  color: boolean;
  /** Width to fit, in columns (default 100). */
  columns?: number;
  /** Paths of the report files written, listed at the end. */
  files?: readonly string[];
};

const DEFAULT_COLUMNS = 100;
/** Below this the tables cannot be laid out sensibly; narrower terminals wrap. */
const MIN_COLUMNS = 60;

/** Renders the terminal summary of a run. Ends with a newline. */
export function renderTerminal(record: RunRecord, options: TerminalOptions): string {
  const columns = Math.max(MIN_COLUMNS, Math.floor(options.columns ?? DEFAULT_COLUMNS));
  const ctx: SectionContext = { c: new Chalk({ level: options.color ? 1 : 0 }), columns };
  const sections = [
    headerSection(record, ctx),
    factsSection(record, ctx),
    bottleneckSection(record, ctx),
    stepsSection(record, ctx),
    sweepChartSection(record, ctx),
    timelineSection(record, ctx),
    endpointsSection(record, ctx),
    spikesSection(record, ctx),
    sloSection(record, ctx),
    planSection(record, ctx),
    evidenceSection(record, ctx),
    warningsSection(record, ctx),
    filesSection(options.files ?? [], ctx),
  ].filter((lines) => lines.length > 0);
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function headerSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const kind = isSweep(record) ? `${record.model} sweep` : `${record.model} model, ${record.steps.length} stages`;
  const meta =
    `capplan ${record.tool.version} · ${record.scenario.name} · ${kind} ` +
    `· ${record.status} in ${formatDurationMs(record.durationMs)}`;
  const tone = verdictTone(record.analysis.verdict);
  return [
    ...wrapText(meta, columns).map((l) => c.dim(l)),
    '',
    c.bold(toneColor(c, tone, verdictTitle(record.analysis.verdict).toUpperCase())),
    ...wrapText(record.analysis.summary, columns).map((l) => c.bold(l)),
  ];
}

function factsSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const lines = [heading(c, 'Key numbers')];
  for (const fact of keyFacts(record)) lines.push(...labelValueLines(c, fact, { label: 21, value: 20, columns }));
  return lines;
}

function warningsSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const warnings = allWarnings(record);
  if (warnings.length === 0) return [];
  const lines = warnings.flatMap((w) => wrapText(plainText(w), columns - 2, '  ! ').map((l) => c.yellow(l)));
  return [heading(c, 'Warnings'), ...lines];
}

function filesSection(files: readonly string[], { c }: SectionContext): string[] {
  if (files.length === 0) return [];
  // Paths are never wrapped: a terminal link must stay one piece to be clickable.
  return [heading(c, 'Files'), ...files.map((f) => `  ${f}`)];
}
