/**
 * `capplan --version` and `capplan doctor` through the built CLI: real checks (an embedded
 * PostgreSQL started and stopped, Chromium launched), one line each, exit 0 or 1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tmpdir } from '../helpers/tmpdir.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Options = { env?: Record<string, string | undefined>; shell?: string };

/** The built CLI; `shell` runs first in the same shell (e.g. `ulimit -n 256`). */
function capplan(args: string[], options: Options = {}): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1', ...options.env };
  const direct = [process.execPath, CLI, ...args];
  const command = options.shell === undefined ? direct : ['sh', '-c', `${options.shell}; exec "$0" "$@"`, ...direct];
  const result = spawnSync(command[0]!, command.slice(1), { cwd: ROOT, env, encoding: 'utf8', timeout: 150_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('capplan --version', () => {
  it('prints the package version and exits 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = capplan(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('capplan doctor', () => {
  it('checks the machine, one line per check, and exits 0 when all needed checks pass', () => {
    const result = capplan(['doctor', 'scenarios/spike.yml']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'ok node',
      'ok loopback',
      'ok files',
      expect.stringMatching(/^(ok|warn) cpus$/) as unknown,
      'ok postgres',
      'ok chromium',
    ]);
    const files = /files\s+open-file limit (\d+|unlimited) ≥ 228 \(scenarios\/spike\.yml: 100 connections/;
    expect(result.stdout).toMatch(files);
    expect(result.stdout).toMatch(/postgres\s+embedded PostgreSQL \d+\.\d+ started and stopped in \d+\.\d s/);
    expect(result.stdout).toContain('only the tests and docs/report.png need it');
    expect(result.stderr).toMatch(/^capplan doctor: ready/);
    expect(result.code).toBe(0);
  });

  it("fails (exit 1) when the open-file limit is below the scenario's connections, saying how to raise it", () => {
    const yaml =
      'version: 1\ntarget: { url: "http://127.0.0.1:9" }\nrequests: [{ path: / }]\n' +
      'load:\n  stages: [{ duration: 1s, concurrency: 1000 }]\n';
    const dir = tmpdir({ 'big.yml': yaml });
    const file = join(dir, 'big.yml');
    const result = capplan(['doctor', file], { shell: 'ulimit -n 256' });
    const line =
      `fail  files     open-file limit 256 < 1128 (${file}: 1000 connections + 128 spare): ` +
      'run `ulimit -n 1128` first';
    expect(result.stdout).toContain(line);
    expect(result.stderr).toMatch(/^capplan doctor: 1 check failed/);
    expect(result.code).toBe(1);
  });

  it('treats a missing Chromium as a warning (optional), with what to do', () => {
    const result = capplan(['doctor'], { env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
    const line = /^warn {2}chromium {2}CHROMIUM_PATH=\/nonexistent\/chromium does not exist; only the tests and docs/m;
    expect(result.stdout).toMatch(line);
    expect(result.code).toBe(0);
  });

  it('refuses bad --workers with one line and exit 2', () => {
    const result = capplan(['doctor', '--workers', 'many']);
    expect(result.stderr.trim().split('\n')[0]).toBe("capplan: --workers must be an integer from 1 to 256, got 'many'");
    expect(result.code).toBe(2);
  });
});
