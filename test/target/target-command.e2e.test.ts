/** `capplan target` in-process through run(argv, io): flags, the URL on stderr, Ctrl-C. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDirsUnder, postgresServersIn } from '../helpers/embedded-postgres.js';
import { get } from '../helpers/load.js';
import { joinRegExp } from '../helpers/regex.js';

async function waitFor<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('capplan target', () => {
  it('serves until interrupted, printing the URL and a description on stderr', async () => {
    const io = fakeIo();
    const exit = run(['target', '--port', '0', '--pool', '3', '--hold', '20ms', '--acquire-timeout', '1s'], io);
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.err())?.[1]);
    expect(io.err()).toContain('memory pool of 3, hold 20 ms per request, acquire timeout 1000 ms');
    const res = await get(`${url}/orders?item=1`);
    expect(res.status).toBe(200);
    expect(String(res.headers['server-timing'])).toMatch(/^pool;dur=0\.0, db;dur=\d+\.\d$/);
    io.interrupt();
    expect(await exit).toBe(0);
    expect(io.out()).toBe('');
    await expect(get(`${url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it.each([
    [['--pool', 'abc'], "capplan: --pool must be an integer from 1 to 10000, got 'abc'"],
    [['--hold', '50'], "capplan: --hold must be a duration like 50ms, 1s or 1m30s, got '50'"],
    [['--acquire-timeout', 'soon'], "capplan: --acquire-timeout must be a duration like 50ms, 1s or 1m30s, got 'soon'"],
    [['--port', '-1'], "capplan: --port must be an integer from 0 to 65535, got '-1'"],
    [
      ['--host', '0.0.0.0'],
      'capplan: --host 0.0.0.0 is not a loopback address: the demo target listens on 127.0.0.1 (or ::1) only',
    ],
  ])('refuses %j with one line and exit 2', async (flags, message) => {
    const io = fakeIo();
    expect(await run(['target', ...flags], io)).toBe(2);
    const lines = io.err().trimEnd().split('\n');
    expect(lines[0]).toBe(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('--backend postgres without a URL serves from an embedded PostgreSQL and removes it on Ctrl-C', async () => {
    const io = fakeIo({ env: { PATH: process.env['PATH'] } });
    const exit = run(['target', '--backend', 'postgres', '--port', '0', '--pool', '2', '--hold', '10ms'], io);
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.err())?.[1], 60_000);
    const ready = /^starting embedded PostgreSQL…\nembedded PostgreSQL [\d.]+ ready on 127\.0\.0\.1:\d+ in [\d.]+ s\n/;
    expect(io.err()).toMatch(ready);
    expect(io.err()).toContain('PostgreSQL pool of 2 (embedded)');
    expect(io.err()).not.toMatch(/postgres:\/\//);
    expect((await get(`${url}/query?id=1`)).status).toBe(200);
    const added = embeddedDirsUnder(process.pid);
    expect(added).toHaveLength(1);
    io.interrupt();
    expect(await exit).toBe(0);
    expect(existsSync(join(tmpdir(), added[0]!))).toBe(false);
    expect(postgresServersIn(added[0]!)).toEqual([]);
  });

  it('reports a database it cannot reach in one line, password hidden', async () => {
    const io = fakeIo();
    expect(
      await run(
        ['target', '--backend', 'postgres', '--database-url', 'postgres://u:pw@127.0.0.1:1/x', '--port', '0'],
        io,
      ),
    ).toBe(2);
    expect(io.err()).toMatch(
      joinRegExp([
        /^capplan: the demo target did not start: cannot query PostgreSQL at /,
        /postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED.*\nhint: /,
      ]),
    );
  });
});
