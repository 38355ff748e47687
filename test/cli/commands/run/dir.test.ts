/** Issue #17 items 3 and 9: the run folder is settled before any traffic, never shared, never spun on. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/errors.js';
import { discardRunDir, makeFolders, prepareRunDir } from '../../../../src/cli/commands/run/dir.js';
import { tmpdir } from '../../../helpers/tmpdir.js';

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('prepareRunDir', () => {
  it('gives two runs of one scenario in the same second two folders (a counter)', () => {
    const cwd = tmpdir();
    const dir = join(cwd, 'reports', 'x-20261202T060000Z');
    const a = prepareRunDir({ cwd, dir, explicit: false, force: false });
    const b = prepareRunDir({ cwd, dir, explicit: false, force: false });
    expect(a.dir).toBe(dir);
    expect(b.dir).toBe(`${dir}-2`);
    expect(existsSync(b.dir)).toBe(true);
  });

  it('shares a parent that another process creates meanwhile (3 shards started at once), owning only its own', () => {
    const cwd = tmpdir();
    const dir = join(cwd, 'shards', 'shard-2');
    // Another shard wins the race for `shards` between this process's existence check and its mkdir.
    const losing = (path: string): void => {
      if (path.endsWith('shards')) mkdirSync(path);
      mkdirSync(path);
    };
    expect(makeFolders(dir, losing)).toEqual([dir]);
    expect(existsSync(dir)).toBe(true);
    // A file in the way is still refused.
    const blocked = join(cwd, 'file-parent', 'x');
    const fileInTheWay = (path: string): void => {
      if (path.endsWith('file-parent')) writeFileSync(path, 'x');
      mkdirSync(path);
    };
    expect(() => makeFolders(blocked, fileInTheWay)).toThrow(/EEXIST/);
  });

  it('refuses an --out that already holds a run, unless --force', () => {
    const cwd = tmpdir({ 'out/run.json': '{}', 'out/report.md': '#' });
    const dir = join(cwd, 'out');
    expect(usageMessage(() => prepareRunDir({ cwd, dir, explicit: true, force: false }))).toBe(
      'out already holds a run (run.json, report.md)',
    );
    expect(prepareRunDir({ cwd, dir, explicit: true, force: true }).dir).toBe(dir);
  });

  it('refuses an --out it cannot write, in one line, without spinning (/proc, a file as parent)', () => {
    const cwd = tmpdir({ afile: 'x' });
    expect(usageMessage(() => prepareRunDir({ cwd, dir: '/proc/self/nope', explicit: true, force: false }))).toMatch(
      /^cannot write to \/proc\/self\/nope: /,
    );
    expect(
      usageMessage(() => prepareRunDir({ cwd, dir: join(cwd, 'afile', 'out'), explicit: true, force: false })),
    ).toMatch(/^cannot write to afile\/out: .*\((ENOTDIR|EEXIST)\)$/);
  });

  it('removes the folders it made when the run wrote nothing (a preflight failure leaves no trace)', () => {
    const cwd = tmpdir();
    const made = prepareRunDir({ cwd, dir: join(cwd, 'reports', 'x-1'), explicit: false, force: false });
    discardRunDir(made);
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
    const kept = prepareRunDir({ cwd, dir: join(cwd, 'reports', 'x-1'), explicit: false, force: false });
    mkdirSync(kept.dir, { recursive: true });
    writeFileSync(join(kept.dir, 'run.json'), '{}');
    discardRunDir(kept);
    expect(existsSync(join(kept.dir, 'run.json'))).toBe(true);
  });
});
