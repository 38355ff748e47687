import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { TOOL_VERSION } from '../../src/cli/version.js';
import { fakeIo } from '../helpers/io.js';

describe('capplan program', () => {
  it('prints its version, which matches package.json', async () => {
    const io = fakeIo();
    expect(await run(['--version'], io)).toBe(ExitCode.ok);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(io.out().trim()).toBe(pkg.version);
    expect(TOOL_VERSION).toBe(pkg.version);
  });

  it('prints help with examples and exit codes', async () => {
    const io = fakeIo();
    expect(await run(['--help'], io)).toBe(ExitCode.ok);
    expect(io.out()).toContain('capplan run scenarios/spike.yml');
    const runHelp = fakeIo();
    expect(await run(['run', '--help'], runHelp)).toBe(ExitCode.ok);
    expect(runHelp.out()).toContain('Exit codes');
  });

  it('rejects an unknown command and unknown option with the usage code', async () => {
    const io = fakeIo();
    expect(await run(['frobnicate'], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/unknown command/);
    const io2 = fakeIo();
    expect(await run(['validate', '--nope', 'x.yml'], io2)).toBe(ExitCode.usage);
    expect(io2.err()).toMatch(/unknown option/);
    expect(io2.err()).not.toMatch(/\n\s+at /);
  });
});
