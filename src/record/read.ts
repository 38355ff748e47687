/**
 * Reads a RunRecord file and validates it (record/schema.ts). Every failure is a RecordError
 * with one line naming the file (the CLI maps it to exit 2): missing, a folder, unreadable,
 * not JSON, another schema version, or fields of the wrong type.
 */
import { readFileSync, statSync } from 'node:fs';
import { RecordError } from '../errors.js';
import { parseRunRecord } from './schema.js';
import type { RunRecord } from './types.js';

/** Reads `path` as a RunRecord v1, or throws a one-line RecordError. */
export function readRunRecord(path: string): RunRecord {
  return parseRunRecord(parseJson(readText(path), path), path);
}

function readText(path: string): string {
  try {
    if (statSync(path).isDirectory()) {
      throw new RecordError(`${path} is a folder, not a run record`, { hint: `did you mean ${path.replace(/\/+$/, '')}/run.json?` });
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof RecordError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RecordError(`${path} does not exist`, { hint: 'check the path of the run record (run.json)' });
    if (code === 'EACCES') throw new RecordError(`${path} is not readable (permission denied)`);
    throw new RecordError(`cannot read ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const what = text.trim() === '' ? 'is empty' : `is not JSON (${detail})`;
    throw new RecordError(`${path} ${what}`, { hint: 'a run record is the run.json that `capplan run` writes' });
  }
}
