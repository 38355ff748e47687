/** Writes a tree of files into a fresh temporary folder, removed when the test finishes. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Folders made by `tmpdir` in the current test: test/setup/records-readable.ts analyzes the records in them. */
export const testTmpdirs = new Set<string>();

export function tmpdir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(osTmpdir(), 'capplan-test-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  testTmpdirs.add(dir);
  try {
    onTestFinished(() => {
      testTmpdirs.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    });
  } catch {
    // Called outside a test (e.g. beforeAll): the caller removes it.
  }
  return dir;
}
