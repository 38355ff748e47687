/**
 * Issue #17's global hook: after every test, every run record left in the test's temporary
 * folders (helpers/tmpdir.ts) must be readable by `capplan analyze` (exit 0). A record is a
 * `.json` file that starts like the ones capplan writes (`{"schema":"capplan.run/v1"`); a
 * test that writes a broken record on purpose says so with `unreadableOnPurpose(path)`.
 * Cheap: a directory walk per test, and one in-process `analyze` per record found.
 */
import { openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { testTmpdirs } from '../helpers/tmpdir.js';

const PREFIX = '{"schema":"capplan.run/v1"';

/** Records already analyzed by the test itself (the hostile suite): not analyzed twice. */
export const analyzedRecords = new Set<string>();

/** A record the test broke on purpose (to test the reader): the hook leaves it alone. */
export function unreadableOnPurpose(path: string): string {
  analyzedRecords.add(path);
  return path;
}

function startsLikeRecord(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(PREFIX.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('utf8') === PREFIX;
  } finally {
    closeSync(fd);
  }
}

function recordsUnder(dir: string, depth = 0): string[] {
  if (depth > 4) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return recordsUnder(path, depth + 1);
    // `<name>.invalid.json` is what the writer keeps of a record it refused (a bug report, exit 70).
    return e.isFile() && e.name.endsWith('.json') && !e.name.endsWith('.invalid.json') && startsLikeRecord(path)
      ? [path]
      : [];
  });
}

afterEach(async () => {
  for (const dir of testTmpdirs) {
    for (const path of recordsUnder(dir)) {
      if (analyzedRecords.delete(path)) continue;
      // Loaded only when there is a record to read: most test files never pay for the CLI.
      const [{ run }, { fakeIo }] = await Promise.all([import('../../src/cli/program.js'), import('../helpers/io.js')]);
      const io = fakeIo();
      const code = await run(['analyze', path], io);
      expect(code, `capplan analyze ${path} (global hook): ${io.err()}`).toBe(0);
    }
  }
  analyzedRecords.clear();
});
