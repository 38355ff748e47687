/** Writes a RunRecord (complete or partial) as JSON, atomically (tmp file + rename). */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunRecord } from './types.js';

export function writeRunRecord(path: string, record: RunRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  renameSync(tmp, path);
}
