/** Issue #17 items 2, 4, 13: the writer refuses a record its own schema rejects; the readers refuse non-records. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalError, RecordError } from '../../src/errors.js';
import { DEFAULT_MAX_RECORD_BYTES, readRunRecord, setMaxRecordBytes } from '../../src/record/read.js';
import { writeRunRecord } from '../../src/record/write.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { buildRecord } from '../scale/records.js';
import { unreadableOnPurpose } from '../setup/records-readable.js';
import { joinRegExp } from '../helpers/regex.js';

const record = buildRecord({ windows: [{ phaseIndex: 0, stage: 'probe', level: 1, latenciesUs: [1500, 1700] }] });

afterEach(() => setMaxRecordBytes(DEFAULT_MAX_RECORD_BYTES));

describe('writeRunRecord', () => {
  it('writes compact JSON that reads back', () => {
    const path = join(tmpdir(), 'run.json');
    writeRunRecord(path, record);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('{"schema":"capplan.run/v1"')).toBe(true);
    expect(text.trimEnd()).not.toContain('\n');
    expect(readRunRecord(path)).toEqual(record);
  });

  it('refuses a record failing its own schema (Infinity as null): InternalError naming the field, kept aside', () => {
    const dir = tmpdir();
    const bad = structuredClone(record);
    bad.windows[0]!.latencyMs.max = Number.POSITIVE_INFINITY;
    const path = join(dir, 'run.json');
    let error: unknown;
    try {
      writeRunRecord(path, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(
      joinRegExp([
        /^the run record failed its own schema \(run\.json is not a valid capplan\.run\/v1 record: /,
        /windows\[0\]\.latencyMs\.max: /,
      ]),
    );
    expect((error as Error).message).toContain(`kept as ${join(dir, 'run.invalid.json')}`);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(unreadableOnPurpose(join(dir, 'run.invalid.json')))).toBe(true);
  });
});

describe('readRunRecord refuses what is not a record file', () => {
  it('a device (/dev/zero would be read forever)', () => {
    expect(() => readRunRecord('/dev/zero')).toThrow(RecordError);
    expect(() => readRunRecord('/dev/zero')).toThrow(/^\/dev\/zero is not a regular file$/);
  });

  it('a record above the size limit, with the limit in the message', () => {
    const path = join(tmpdir(), 'run.json');
    writeFileSync(path, JSON.stringify(record) + ' '.repeat(2 * 1024 * 1024));
    setMaxRecordBytes(1024 * 1024);
    expect(() => readRunRecord(path)).toThrow(/run\.json is 2\.\d MiB; run records are limited to 1 MiB$/);
    setMaxRecordBytes(DEFAULT_MAX_RECORD_BYTES);
    expect(readRunRecord(path)).toEqual(record);
  });
});
