/**
 * The demo target as a child process (dist/target/main.js, so `npm run build` first):
 * start, serve, stop, and never outlive its parent.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CapplanError } from '../../src/errors.js';
import type { DemoTargetSpec } from '../../src/scenario/types.js';
import { startDemoTargetProcess } from '../../src/target/spawn.js';
import type { DemoTargetHandle } from '../../src/target/spawn.js';
import { demoTargetSpec } from '../helpers/demo-target.js';
import { get } from '../helpers/load.js';
import { isAlive, killStrays } from '../helpers/processes.js';

const spec: DemoTargetSpec = demoTargetSpec({ pool: 3, holdMs: 20, acquireTimeoutMs: 1000 });
const handles: DemoTargetHandle[] = [];
const strays: number[] = [];

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()));
  killStrays(strays);
});

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

describe('startDemoTargetProcess', () => {
  it('starts the built target on a free loopback port, healthy, and stops it with SIGTERM', async () => {
    const handle = await startDemoTargetProcess(spec, { env: {} });
    handles.push(handle);
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(handle.pid).not.toBe(process.pid);
    expect(isAlive(handle.pid)).toBe(true);
    expect((await get(`${handle.url}/healthz`)).status).toBe(200);
    const res = await get(`${handle.url}/orders?item=1`);
    expect(res.status).toBe(200);
    expect(String(res.headers['server-timing'])).toMatch(/^pool;dur=[\d.]+, db;dur=[\d.]+$/);
    await handle.stop();
    expect(() => process.kill(handle.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    // A clean shutdown: exit code 0, not a kill.
    expect(await handle.exited).toEqual({ code: 0, signal: null });
    // Idempotent: a second stop resolves at once.
    await handle.stop();
  });

  it('escalates to SIGKILL when the child does not end within the kill delay', async () => {
    // A request holding its slot for 5 s keeps the child in its shutdown grace beyond killAfterMs.
    const handle = await startDemoTargetProcess({ ...spec, holdMs: 5000 }, { killAfterMs: 200 });
    handles.push(handle);
    const pending = get(`${handle.url}/slow`).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 100));
    await handle.stop();
    expect(isAlive(handle.pid)).toBe(false);
    expect(await handle.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await pending).toBe('cut');
  });

  it('exits on its own when its parent dies (IPC disconnect), leaving no orphan', async () => {
    const spawnModule = fileURLToPath(new URL('../../dist/target/spawn.js', import.meta.url));
    const script = `
      const { startDemoTargetProcess } = await import(${JSON.stringify(spawnModule)});
      const h = await startDemoTargetProcess(${JSON.stringify(spec)});
      process.stdout.write(JSON.stringify({ pid: h.pid }) + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    strays.push(parent.pid!);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      parent.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      parent.stderr.on('data', (c: Buffer) => (err += c.toString()));
      parent.on('exit', () => reject(new Error(`parent exited early: ${err}`)));
    });
    const childPid = (JSON.parse(line) as { pid: number }).pid;
    strays.push(childPid);
    expect(isAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntilGone(childPid, 10_000)).toBe(true);
  });

  it('fails with a clear CapplanError, including the child stderr, when the target cannot start', async () => {
    const bad: DemoTargetSpec = { ...spec, backend: 'postgres', databaseUrl: 'postgres://nobody:x@127.0.0.1:1/none' };
    const error = await startDemoTargetProcess(bad, { env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CapplanError);
    const message = (error as CapplanError).message;
    expect(message).toContain('the demo target (postgres backend) did not start');
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('postgres://nobody:***@127.0.0.1:1/none');
    expect(message).not.toContain(':x@');
    expect((error as CapplanError).hint).toContain('databaseUrl');
  });
});
