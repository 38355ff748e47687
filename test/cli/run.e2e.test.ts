import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import { freePort, startFixedLatencyServer, startFlakyServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const keep = closeAfterEach();

function scenario(url: string, extra = '', stages = '    - { duration: 3s, concurrency: 4 }'): string {
  return `version: 1
name: cli-test
target:
  url: ${url}
  timeout: 2s
requests:
  - { name: home, path: / }
load:
  model: closed
  stages:
${stages}
${extra}`;
}

const ROOT = new URL('../../', import.meta.url).pathname;

describe('capplan run (in-process)', () => {
  it('runs a scenario, writes run.json and the reports, prints the summary, exits 0', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 10 }));
    const dir = tmpdir({ 'load.yml': scenario(server.url) });
    const io = fakeIo({ cwd: dir });
    const code = await run(['run', 'load.yml', '--workers', '1', '--no-progress'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(ExitCode.ok);
    const [folder] = readdirSync(join(dir, 'reports'));
    expect(folder).toMatch(/^cli-test-\d{8}T\d{6}Z$/);
    const out = join(dir, 'reports', folder!);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.md', 'run.json']);
    const record = readRunRecord(join(out, 'run.json'));
    expect(record).toMatchObject({
      schema: 'capplan.run/v1',
      status: 'completed',
      model: 'closed',
      environment: { workers: 1, targetUrl: server.url },
    });
    expect(record.windows.filter((w) => w.drain !== true)).toHaveLength(3);
    expect(record.steps).toHaveLength(1);
    const sent = record.windows.reduce((a, w) => a + w.ok + w.errorCount, 0);
    expect(server.requests()).toBe(sent + 1); // + the preflight request
    expect(io.out()).toContain('run.json');
  });

  it('prints the RunRecord with --json and honours --out and --format', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 5 }));
    const dir = tmpdir({ 'load.yml': scenario(server.url, '', '    - { duration: 1s, concurrency: 2 }') });
    const io = fakeIo({ cwd: dir });
    const code = await run(['run', 'load.yml', '--workers', '1', '--json', '--out', 'here', '--format', 'md'], io);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(io.out())).toMatchObject({ schema: 'capplan.run/v1', status: 'completed' });
    expect(readdirSync(join(dir, 'here')).sort()).toEqual(['report.md', 'run.json']);
  });

  it('an unreachable target is exit 3 with one line naming the URL and the cause', async () => {
    const port = await freePort();
    const dir = tmpdir({ 'load.yml': scenario(`http://127.0.0.1:${port}`) });
    const io = fakeIo({ cwd: dir });
    const code = await run(['run', 'load.yml', '--no-progress'], io);
    expect(code).toBe(ExitCode.aborted);
    const [first, ...rest] = io.err().trimEnd().split('\n');
    expect(first).toBe(
      `capplan: target http://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(rest.every((line) => line.startsWith('hint: '))).toBe(true);
    expect(io.err()).not.toMatch(/\bat .*\.js:\d+/);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('Ctrl-C mid-run: exit 130, partial run.json written', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 10 }));
    const dir = tmpdir({ 'load.yml': scenario(server.url, '', '    - { duration: 60s, concurrency: 4 }') });
    const io = fakeIo({ cwd: dir });
    const started = run(['run', 'load.yml', '--workers', '1', '--no-progress', '--out', 'out'], io);
    while (server.requests() < 50) await new Promise((r) => setTimeout(r, 50));
    const interruptedAt = Date.now();
    io.interrupt();
    const code = await started;
    expect(Date.now() - interruptedAt).toBeLessThan(5000);
    expect(code).toBe(ExitCode.interrupted);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    expect(record.status).toBe('interrupted');
    expect(io.err()).toContain('interrupted; partial record in out/run.json');
  });

  it('a safety stop is exit 3 with the reason in the record and on stderr', async () => {
    const server = keep(await startFlakyServer({ errorEvery: 1, status: 500 }));
    const dir = tmpdir({
      'load.yml': scenario(
        server.url,
        'stop: { errorRate: 50%, window: 2s, minRequests: 10 }\n',
        '    - { duration: 30s, concurrency: 2 }',
      ),
    });
    const io = fakeIo({ cwd: dir });
    const code = await run(['run', 'load.yml', '--workers', '1', '--no-progress', '--out', 'out'], io);
    expect(code).toBe(ExitCode.aborted);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    expect(record.status).toBe('aborted');
    expect(record.abortReason).toMatch(/^safety stop: error rate 100%/);
    expect(io.err()).toMatch(/capplan: run aborted: safety stop: error rate 100%.*; partial record in out\/run.json/);
  });

  it('rejects a bad --workers value before sending anything', async () => {
    const dir = tmpdir({ 'load.yml': scenario('http://127.0.0.1:9') });
    const io = fakeIo({ cwd: dir });
    expect(await run(['run', 'load.yml', '--workers', 'zero'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('--workers must be a whole number from 1 to 64, got "zero"');
  });
});

describe('capplan run (the binary)', () => {
  it('SIGINT mid-run: exit 130 soon after, run.json written and readable', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 10 }));
    const dir = tmpdir({ 'load.yml': scenario(server.url, '', '    - { duration: 60s, concurrency: 4 }') });
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist/cli/main.js'), 'run', 'load.yml', '--workers', '1', '--out', 'out'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (server.requests() < 50) await new Promise((r) => setTimeout(r, 50));
    const signalledAt = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(Date.now() - signalledAt).toBeLessThan(5000); // 2 s by design; generous on a shared machine
    expect(code).toBe(130);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    expect(record.status).toBe('interrupted');
    expect(record.windows.length).toBeGreaterThan(0);
    expect(stderr).toContain('interrupted; partial record in out/run.json');
  });
});
