/**
 * Probes and the event loop, in a fresh Node process (the built dist/): running probes never
 * keep capplan alive on their own, and a caller awaiting stop() is kept alive until it returns
 * (otherwise Node ends the process mid-await with exit code 13).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../target/database.js';

const PROBES = fileURLToPath(new URL('../../dist/probes/index.js', import.meta.url));
/** Runs an ES module snippet with startProbes in scope; resolves with its exit code and stdout. */
function runScript(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `const { startProbes } = await import(${JSON.stringify(PROBES)});\n${body}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('probes and the event loop', () => {
  const server = createServer((_req, res) => res.end('# TYPE g gauge\ng 1\n'));
  let metricsUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const specs = (): string =>
    JSON.stringify([
      { kind: 'prometheus', name: 'prom', url: metricsUrl, everyMs: 200 },
      { kind: 'postgres', name: 'pg', url: TEST_DATABASE_URL, everyMs: 200 },
    ]);

  it('keeps the process alive while stop() is awaited, then lets it exit 0', async () => {
    const result = await runScript(`
      const runner = startProbes(${specs()}, { startedAtMs: Date.now(), onWarning: (w) => console.error(w) });
      setTimeout(async () => {
        const series = await runner.stop();
        const up = (s) => s.series.every((p) => p.values.up === 1);
        console.log(series.map((s) => s.name + ':' + s.series.length + ':' + up(s)).join(' '));
      }, 700);`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^prom:[3-5]:true pg:[3-5]:true$/);
  });

  it('does not keep a process alive that never calls stop()', async () => {
    const result = await runScript(`
      startProbes(${specs()}, { startedAtMs: Date.now(), onWarning: (w) => console.error(w) });
      setTimeout(() => console.log('done'), 700);`);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('done');
  });
});
