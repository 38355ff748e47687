/** Reads and validates a RunRecord. STUB until the record schema lands (scale-out issue). */
import { readFileSync } from 'node:fs';
import { RecordError } from '../errors.js';
import type { RunRecord } from './types.js';

export function readRunRecord(path: string): RunRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RecordError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as RunRecord;
  } catch {
    throw new RecordError(`${path} is not JSON`);
  }
}
