import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { readRunRecord } from '../../src/record/read.js';
import { writeRunRecord } from '../../src/record/write.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { buildRecord } from '../scale/records.js';
import { unreadableOnPurpose } from '../setup/records-readable.js';

function readError(path: string): RecordError {
  try {
    readRunRecord(path);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    expect((error as Error).message).not.toContain('\n');
    return error as RecordError;
  }
  throw new Error('expected readRunRecord to throw');
}

const record = buildRecord({ windows: [{ phaseIndex: 0, stage: 'probe', level: 1, latenciesUs: [1500, 1700] }] });

describe('readRunRecord', () => {
  it('reads back what writeRunRecord wrote', () => {
    const path = join(tmpdir(), 'out', 'run.json');
    writeRunRecord(path, record);
    expect(readRunRecord(path)).toEqual(record);
  });

  it('a missing file', () => {
    const path = join(tmpdir(), 'nope.json');
    const error = readError(path);
    expect(error.message).toBe(`${path} does not exist`);
    expect(error.hint).toBe('check the path of the run record (run.json)');
  });

  it('a folder', () => {
    const dir = tmpdir({ 'run.json': '{}' });
    const error = readError(dir);
    expect(error.message).toBe(`${dir} is a folder, not a run record`);
    expect(error.hint).toBe(`did you mean ${dir}/run.json?`);
  });

  it('not JSON', () => {
    const dir = tmpdir({ 'run.json': '{"schema": "capplan.run/v1",' });
    expect(readError(join(dir, 'run.json')).message).toMatch(/run\.json is not JSON \(.+\)$/);
  });

  it('an empty file', () => {
    const dir = tmpdir({ 'run.json': '\n' });
    expect(readError(join(dir, 'run.json')).message).toBe(`${join(dir, 'run.json')} is empty`);
  });

  it('another schema version', () => {
    const dir = tmpdir({ 'run.json': JSON.stringify({ ...record, schema: 'capplan.run/v2' }) });
    expect(readError(join(dir, 'run.json')).message).toBe(
      `${join(dir, 'run.json')} was written by capplan.run/v2; this capplan reads capplan.run/v1`,
    );
  });

  it('a field of the wrong type', () => {
    const dir = tmpdir({ 'run.json': JSON.stringify({ ...record, steps: 'none' }) });
    expect(readError(unreadableOnPurpose(join(dir, 'run.json'))).message).toBe(
      `${join(dir, 'run.json')} is not a valid capplan.run/v1 record: ` +
        'steps: Invalid input: expected array, received string',
    );
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const dir = tmpdir({ 'run.json': JSON.stringify(record) });
    const path = join(dir, 'run.json');
    chmodSync(path, 0o000);
    expect(readError(path).message).toBe(`${path} is not readable (permission denied)`);
  });
});
