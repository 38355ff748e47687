/**
 * Layout helpers for the terminal summary: word wrapping, label/value lines and borderless
 * cli-table3 tables that never exceed the given width. Colour comes in as a Chalk instance
 * built by the caller; nothing here reads the terminal.
 */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Tone } from './facts.js';
import { maxOf } from '../stats/index.js';

/** Visible width of plain text (report strings use only single-width characters). */
export function textWidth(text: string): number {
  return [...text].length;
}

/** Word-wraps plain text to `width`, every line prefixed with `indent`; long words are cut. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const room = Math.max(10, width - textWidth(indent));
  const lines: string[] = [];
  let line = '';
  for (const rawWord of text.split(/\s+/).filter(Boolean)) {
    let word = rawWord;
    while (textWidth(word) > room) {
      if (line) lines.push(line);
      line = '';
      lines.push([...word].slice(0, room).join(''));
      word = [...word].slice(room).join('');
    }
    if (!line) line = word;
    else if (textWidth(line) + 1 + textWidth(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

/** Colours a string by tone. */
export function toneColor(c: ChalkInstance, tone: Tone, text: string): string {
  if (tone === 'bad') return c.red(text);
  if (tone === 'good') return c.green(text);
  if (tone === 'warn') return c.yellow(text);
  return text;
}

/** "  Label           value   detail", the detail wrapped under the value when it does not fit. */
export function labelValueLines(
  c: ChalkInstance,
  item: { label: string; value: string; detail: string; tone: Tone },
  widths: { label: number; value: number; columns: number },
): string[] {
  const head = `  ${item.label.padEnd(widths.label)}`;
  const value = item.value.padEnd(widths.value);
  const plainStart = textWidth(head) + textWidth(value) + 2;
  const detailLines = item.detail ? wrapText(item.detail, widths.columns - plainStart) : [''];
  const first = `${head}${c.bold(toneColor(c, item.tone, value))}  ${c.dim(detailLines[0] ?? '')}`.trimEnd();
  const rest = detailLines.slice(1).map((l) => `${' '.repeat(plainStart)}${c.dim(l)}`);
  return [first, ...rest];
}

export type Column = {
  head: string;
  align?: 'left' | 'right';
  /** May wrap to fit. */
  flexible?: boolean;
  /** May be dropped (rightmost first) when the table cannot fit otherwise. */
  optional?: boolean;
};

const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '  ',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

const MIN_FLEX_WIDTH = 6;

function naturalWidths(columns: readonly Column[], cells: readonly (readonly string[])[]): number[] {
  return columns.map((col, i) =>
    maxOf(
      cells.map((r) => textWidth(r[i] ?? '')),
      textWidth(col.head),
    ),
  );
}

/** Total width with the flexible column at its minimum. */
function tightWidth(columns: readonly Column[], natural: readonly number[]): number {
  const sum = natural.reduce((a, w, i) => a + (columns[i]?.flexible ? Math.min(w, MIN_FLEX_WIDTH) : w), 0);
  return 2 + sum + 2 * (columns.length - 1);
}

/** Indexes of the columns to keep: drops optional columns, rightmost first, until the table fits. */
function keptColumns(columns: readonly Column[], cells: readonly (readonly string[])[], width: number): number[] {
  const kept = columns.map((_, i) => i);
  const natural = naturalWidths(columns, cells);
  for (;;) {
    const cols = kept.map((i) => columns[i] as Column);
    if (
      tightWidth(
        cols,
        kept.map((i) => natural[i] ?? 0),
      ) <= width
    )
      return kept;
    const drop = [...kept].reverse().find((i) => columns[i]?.optional);
    if (drop === undefined) return kept;
    kept.splice(kept.indexOf(drop), 1);
  }
}

/**
 * A borderless table indented by two spaces. Columns take their natural width; the
 * flexible column (flags, messages) shrinks and wraps, and optional columns are dropped,
 * so no line exceeds `columns`. `cells` are plain text; `paint(row, col, text)` may colour
 * a cell afterwards (col is the index in the full column list).
 */
export function renderTable(
  c: ChalkInstance,
  allColumns: readonly Column[],
  allCells: readonly (readonly string[])[],
  options: { columns: number; paint?: (row: number, col: number, text: string) => string },
): string[] {
  const kept = keptColumns(allColumns, allCells, options.columns);
  const columns = kept.map((i) => allColumns[i] as Column);
  const cells = allCells.map((row) => kept.map((i) => row[i] ?? ''));
  const widths = naturalWidths(columns, cells);
  const total = 2 + widths.reduce((a, w) => a + w, 0) + 2 * (columns.length - 1);
  const flexIndex = columns.findIndex((col) => col.flexible);
  if (total > options.columns && flexIndex >= 0) {
    widths[flexIndex] = Math.max(MIN_FLEX_WIDTH, (widths[flexIndex] ?? 0) - (total - options.columns));
  }
  const table = new Table({
    head: columns.map((col) => c.bold(col.head)),
    colWidths: widths,
    colAligns: columns.map((col) => col.align ?? 'left'),
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    wordWrap: true,
    wrapOnWordBoundary: true,
  });
  cells.forEach((row, r) =>
    table.push(row.map((text, k) => (options.paint ? options.paint(r, kept[k] ?? k, text) : text))),
  );
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd());
}

/** A section heading. */
export function heading(c: ChalkInstance, text: string): string {
  return c.bold.cyan(text);
}
