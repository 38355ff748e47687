/**
 * Reads a RunRecord file and validates it (record/schema.ts). Every failure is a RecordError
 * with one line naming the file (the CLI maps it to exit 2): missing, a folder, unreadable,
 * not JSON, another schema version, or fields of the wrong type.
 */
import { readFileSync, statSync } from 'node:fs';
import { RecordError } from '../errors.js';
import { parseRunRecord } from './schema.js';
import type { RunRecord } from './types.js';

const RECORD_HINT = 'a run record is the run.json that `capplan run` writes';

/** Records above this size are refused (a 24-hour soak is far below it); `CAPPLAN_MAX_RECORD_MB` changes it. */
export const DEFAULT_MAX_RECORD_BYTES = 512 * 1024 * 1024;

/**
 * The size limit of the readers. Set once by the CLI from its environment (only cli/ reads
 * the environment); a module setting rather than a parameter because every reader (analyze,
 * report, compare and its history, merge, plan) goes through `readRunRecord`.
 */
let maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
export function setMaxRecordBytes(bytes: number): void {
  maxRecordBytes = bytes;
}

/** Reads `path` as a RunRecord v1, or throws a one-line RecordError. */
export function readRunRecord(path: string): RunRecord {
  return parseRunRecord(parseJson(readRecordText(path), path), path);
}

/** The text of a record or history file: a regular file within the size limit, or a one-line RecordError. */
export function readRecordText(path: string, missingHint = 'check the path of the run record (run.json)'): string {
  try {
    const info = statSync(path);
    if (info.isDirectory()) {
      throw new RecordError(`${path} is a folder, not a run record`, {
        hint: `did you mean ${path.replace(/\/+$/, '')}/run.json?`,
      });
    }
    // A device or a FIFO would be read forever (/dev/zero) or block (a pipe nobody writes).
    if (!info.isFile()) {
      throw new RecordError(`${path} is not a regular file`, { hint: RECORD_HINT });
    }
    if (info.size > maxRecordBytes) {
      throw new RecordError(`${path} is ${mib(info.size)} MiB; run records are limited to ${mib(maxRecordBytes)} MiB`, {
        hint: 'set CAPPLAN_MAX_RECORD_MB to read a larger record',
      });
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof RecordError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RecordError(`${path} does not exist`, { hint: missingHint });
    if (code === 'EACCES') throw new RecordError(`${path} is not readable (permission denied)`);
    throw new RecordError(`cannot read ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

function mib(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
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
