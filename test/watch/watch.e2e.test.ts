/**
 * `capplan watch --once` against a real Prometheus scraping demo targets at 1 s, with the
 * capacity of a sweep record (pool 20, 50 ms hold: 394 req/s). Steady traffic on the target
 * it measured: `ok`. The same traffic on a target whose pool is shrunk to 5: `pool exhausted`
 * (a slowdown, not a surge). Traffic past capacity: `surge above capacity`. An unreachable
 * Prometheus: one line, exit 3.
 */
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { startDemoTargetProcess, type DemoTargetHandle } from '../../src/target/spawn.js';
import { demoTargetSpec } from '../helpers/demo-target.js';
import { fakeIo } from '../helpers/io.js';
import { requireBinary, startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { freePort } from '../helpers/servers.js';
import { tmpdir } from '../helpers/tmpdir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const hasPrometheus = requireBinary('prometheus');

const load = (url: string, shape: string): string => `version: 1
name: watch-load
target: { url: ${url}, timeout: 2s }
requests:
  - { name: query, path: /query }
load:
${shape}
`;
const CLOSED_10 = '  model: closed\n  stages:\n    - { duration: 12s, concurrency: 10 }';
const OPEN_600 = '  model: open\n  stages:\n    - { duration: 12s, rate: 600 }';

/** Runs a scenario with the built binary (bounded by its 12 s); `stop` interrupts it like Ctrl-C. */
function drive(dir: string, file: string): { stop: () => Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'dist/cli/main.js'),
      'run',
      file,
      '--workers',
      '1',
      '--no-progress',
      '--format',
      'json',
      '--out',
      `${file}.out`,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { stop: () => (child.kill('SIGINT'), exited) };
}

async function watchOnce(prom: string, dir: string, job: string): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo({ cwd: dir });
  const code = await run(
    [
      'watch',
      '--prometheus',
      prom,
      '--from',
      'capacity.json',
      '--selector',
      `{job="${job}"}`,
      '--rate-window',
      '5s',
      '--once',
    ],
    io,
  );
  return { code, out: io.out(), err: io.err() };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until Prometheus has seen `job` serve `atLeast` more requests, then a rate window (3 s). */
async function loadUnderway(prom: PrometheusHandle, job: string, atLeast: number): Promise<void> {
  const total = async (): Promise<number> =>
    Number((await prom.query(`sum(http_requests_total{job="${job}"})`))[0]?.value[1] ?? 0);
  const before = await total();
  for (let i = 0; i < 40 && (await total()) < before + atLeast; i++) await sleep(250);
  await sleep(3500);
}

describe('capplan watch, bad input', () => {
  it('an unreachable Prometheus is one line and exit 3', async () => {
    const dir = tmpdir();
    copyFileSync(join(ROOT, 'test/fixtures/runs/sweep-knee.json'), join(dir, 'capacity.json'));
    const { code, out, err } = await watchOnce(`http://127.0.0.1:${await freePort()}`, dir, 'x');
    expect(code).toBe(ExitCode.aborted);
    expect(out).toBe('');
    expect(err).toMatch(/^capplan: prometheus http:\/\/127\.0\.0\.1:\d+\/? is unreachable: ECONNREFUSED\n$/);
  });
});

describe.skipIf(!hasPrometheus)('capplan watch --once against a real Prometheus', () => {
  let full: DemoTargetHandle;
  let small: DemoTargetHandle;
  let prom: PrometheusHandle;
  let dir: string;

  beforeAll(async () => {
    [full, small] = await Promise.all([
      startDemoTargetProcess(demoTargetSpec({ pool: 20, acquireTimeoutMs: 150 })),
      startDemoTargetProcess(demoTargetSpec({ pool: 5, acquireTimeoutMs: 150 })),
    ]);
    prom = await startPrometheus({
      scrapeTargets: [
        { job: 'demo', target: new URL(full.url).host },
        { job: 'demo-small-pool', target: new URL(small.url).host },
      ],
    });
    dir = tmpdir({
      'steady.yml': load(full.url, CLOSED_10),
      'shrunk.yml': load(small.url, CLOSED_10),
      'surge.yml': load(full.url, OPEN_600),
    });
    copyFileSync(join(ROOT, 'test/fixtures/runs/sweep-knee.json'), join(dir, 'capacity.json'));
  });
  afterAll(async () => {
    await prom?.stop();
    await Promise.all([full?.stop(), small?.stop()]);
  });

  it('ok at baseline, pool exhausted (not surge) with a shrunk pool, surge above capacity past it', async () => {
    // One load at a time: on 2 shared cores, two generators and two targets would slow each other.
    const steady = drive(dir, 'steady.yml');
    await loadUnderway(prom, 'demo', 50);
    const baseline = await watchOnce(prom.url, dir, 'demo');
    // Interrupted runs end cleanly with their partial record (exit 130).
    expect(await steady.stop()).toBe(ExitCode.interrupted);
    expect(baseline.out, baseline.err).toMatch(/^\d\d:\d\d:\d\d {2}ok +rate \d+\/394 req\/s/);
    expect(baseline.code).toBe(ExitCode.ok);
    // The same steady traffic, the pool shrunk to 5.
    const steadyOnShrunk = drive(dir, 'shrunk.yml');
    await loadUnderway(prom, 'demo-small-pool', 50);
    const shrunk = await watchOnce(prom.url, dir, 'demo-small-pool');
    expect(await steadyOnShrunk.stop()).toBe(ExitCode.interrupted);
    expect(shrunk.out).toMatch(
      / {2}pool exhausted +rate \d+\/394 req\/s .*traffic below capacity: a slowdown, not a surge\)\n$/,
    );
    expect(shrunk.code).toBe(ExitCode.gateFailed);
    const surging = drive(dir, 'surge.yml');
    await loadUnderway(prom, 'demo', 1000);
    const surge = await watchOnce(prom.url, dir, 'demo');
    expect(await surging.stop()).toBe(ExitCode.interrupted);
    expect(surge.out).toMatch(
      / {2}surge above capacity +rate \d+\/394 req\/s .*\(traffic above the measured capacity\)\n$/,
    );
    expect(surge.code).toBe(ExitCode.gateFailed);
    console.log(`watch lines:\n${baseline.out}${shrunk.out}${surge.out}`);
  });

  it('without --once prints a line per interval until Ctrl-C, then exits 0', async () => {
    const io = fakeIo({ cwd: dir });
    const watching = run(['watch', '--prometheus', prom.url, '--from', 'capacity.json', '--every', '500ms'], io);
    for (let i = 0; i < 40 && io.out().split('\n').length < 4; i++) await sleep(100);
    io.interrupt();
    expect(await watching).toBe(ExitCode.ok);
    const lines = io.out().trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines)
      expect(line).toMatch(/^\d\d:\d\d:\d\d {2}(ok|near capacity|pool exhausted|surge above capacity) +rate /);
  });
});
