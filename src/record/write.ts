/**
 * Writes a RunRecord (complete or partial) as compact JSON, atomically (tmp file + rename),
 * and only a record that its own schema accepts: `capplan analyze` must be able to read
 * every record capplan writes. A record that fails is a capplan bug: it is kept beside the
 * path as `<name>.invalid.json` for the bug report and an InternalError names the field.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InternalError, RecordError } from '../errors.js';
import { parseRunRecord } from './schema.js';
import type { RunRecord } from './types.js';

/** The JSON text of a record, or an InternalError (with the text kept aside) if it would not read back. */
export function serializeRunRecord(path: string, record: RunRecord): string {
  const text = JSON.stringify(record) + '\n';
  try {
    parseRunRecord(JSON.parse(text) as unknown, basename(path));
    return text;
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    const kept = join(dirname(path), basename(path).replace(/\.json$/, '') + '.invalid.json');
    writeFileSync(kept, text);
    const where = `it was kept as ${kept}, not written as ${path}`;
    throw new InternalError(`the run record failed its own schema (${error.message}); ${where}`, {
      hint: 'please report this with the .invalid.json file; rerun with --debug for the stack',
      cause: error,
    });
  }
}

export function writeRunRecord(path: string, record: RunRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  const text = serializeRunRecord(path, record);
  const tmp = `${path}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
