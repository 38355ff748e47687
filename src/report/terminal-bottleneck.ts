/** The terminal summary's bottleneck block (report/bottleneck.ts): for, against, settle, surge or slowdown. */
import type { RunRecord } from '../record/types.js';
import { bottleneckView } from './bottleneck.js';
import { heading, wrapText } from './terminal-layout.js';
import type { SectionContext } from './terminal-sections.js';

function item(mark: string, text: string, columns: number): string[] {
  return wrapText(`${mark} ${text}`, columns, '  ').map((l, i) => (i === 0 ? l : `    ${l.slice(2)}`));
}

export function bottleneckSection(record: RunRecord, { c, columns }: SectionContext): string[] {
  const v = bottleneckView(record);
  if (v === null) return [];
  const lines = [heading(c, v.title)];
  for (const e of v.evidence) lines.push(...item('+', `${e.source}: ${e.text}`, columns).map((l) => c.green(l)));
  for (const e of v.against) {
    lines.push(...item('−', `against (${e.source}): ${e.text}`, columns).map((l) => c.yellow(l)));
  }
  if (v.settle !== null) lines.push(...item('?', `to settle it: ${v.settle}`, columns));
  if (v.failure !== null) lines.push(...item('»', v.failure, columns));
  return lines;
}
