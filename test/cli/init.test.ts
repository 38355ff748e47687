import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

describe('capplan init', () => {
  it('writes a commented starter that validates and inspects', async () => {
    const dir = tmpdir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['init'], io)).toBe(ExitCode.ok);
    expect(io.out()).toBe('wrote capplan.yml\nnext: capplan validate capplan.yml && capplan inspect capplan.yml\n');
    const text = readFileSync(join(dir, 'capplan.yml'), 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(10);
    const check = fakeIo({ cwd: dir });
    expect(await run(['validate', 'capplan.yml'], check)).toBe(ExitCode.ok);
    // The capacity starter is an adaptive search: its bounds, not a level list.
    expect(check.out()).toBe('capplan.yml: ok (2 requests, adaptive sweep of levels 1-128, at most 20s of load)\n');
    const inspect = fakeIo({ cwd: dir });
    expect(await run(['inspect', 'capplan.yml'], inspect)).toBe(ExitCode.ok);
    expect(inspect.out()).toContain(
      'schedule: adaptive (levels decided live from the measured windows; ANALYSIS.md §9.3)',
    );
    expect(inspect.out()).toContain('max load: 20s');
  });

  it('writes to the given file name and mentions it in the comments', async () => {
    const dir = tmpdir();
    expect(await run(['init', 'load.yml'], fakeIo({ cwd: dir }))).toBe(ExitCode.ok);
    expect(readFileSync(join(dir, 'load.yml'), 'utf8')).toContain('# Check it:   capplan validate load.yml');
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const dir = tmpdir();
    writeFileSync(join(dir, 'capplan.yml'), 'mine\n');
    const io = fakeIo({ cwd: dir });
    expect(await run(['init'], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(
      'capplan: capplan.yml already exists; not overwriting it\nhint: ' +
        'use `capplan init capplan.yml --force` to replace it\n',
    );
    expect(readFileSync(join(dir, 'capplan.yml'), 'utf8')).toBe('mine\n');
    expect(await run(['init', '--force'], fakeIo({ cwd: dir }))).toBe(ExitCode.ok);
    expect(readFileSync(join(dir, 'capplan.yml'), 'utf8')).toContain('version: 1');
  });

  it('says so when the folder does not exist', async () => {
    const dir = tmpdir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['init', 'no/such/dir/x.yml'], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe('capplan: cannot write no/such/dir/x.yml: its folder does not exist\n');
  });
});
