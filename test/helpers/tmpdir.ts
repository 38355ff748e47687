/** Writes a tree of files into a fresh temporary folder, removed when the test finishes. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tmpdir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(osTmpdir(), 'capplan-test-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // Called outside a test (e.g. beforeAll): the caller removes it.
  }
  return dir;
}
