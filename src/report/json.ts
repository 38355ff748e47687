/** run.json: the RunRecord as pretty JSON (2-space indent, trailing newline). */
import type { RunRecord } from '../record/types.js';

export function renderJson(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}
