/**
 * Issue #17 item 1: a plan this process cannot open is refused before any traffic (exit 2,
 * one line), the generator running out of descriptors at run time is generator-limited, and
 * every request sent is accounted for (sent = ok + errors + cancelled at the stop).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { runLoad } from '../../src/engine/coordinator.js';
import { startFixedLatencyServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { hold, target, total } from '../engine/fixtures.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli/main.js');

const keep = closeAfterEach();

function scenario(url: string, concurrency: number): string {
  return `version: 1
name: big
target: { url: "${url}", timeout: 2s }
requests: [{ name: home, path: / }]
load:
  model: closed
  stages: [{ duration: 2s, concurrency: ${concurrency} }]
`;
}

describe('connections this process cannot open', () => {
  it('validate under a real `ulimit -n 1024` refuses 2000 users in one line, exit 2', () => {
    const dir = tmpdir({
      'big.yml': scenario('http://127.0.0.1:9', 2000),
      'ok.yml': scenario('http://127.0.0.1:9', 100),
    });
    const big = spawnSync('sh', ['-c', `ulimit -n 1024 && exec "${process.execPath}" "${CLI}" validate big.yml`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(big.status).toBe(ExitCode.usage);
    expect(big.stderr.split('\n')[0]).toBe(
      'big.yml: needs 2000 connections; this process may open 1024: raise `ulimit -n` or use shards',
    );
    const ok = spawnSync('sh', ['-c', `ulimit -n 1024 && exec "${process.execPath}" "${CLI}" validate ok.yml`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(ok.status, ok.stderr).toBe(ExitCode.ok);
  });

  it('inspect and run refuse before any traffic: the target sees no request, no record is written', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 1 }));
    const dir = tmpdir({ 'big.yml': scenario(server.url, 30_000) });
    for (const args of [
      ['inspect', 'big.yml'],
      ['run', 'big.yml', '--no-progress', '--out', 'out'],
    ]) {
      const io = fakeIo({ cwd: dir, connectionLimits: { fdLimit: 1024, portRange: [32768, 60999] } });
      expect(await run(args, io)).toBe(ExitCode.usage);
      expect(io.err().split('\n')[0]).toMatch(
        /big\.yml: needs 30000 connections; this process may open 1024: raise `ulimit -n` or use shards$/,
      );
    }
    expect(server.requests()).toBe(0);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // With enough descriptors, the port range is the limit.
    const io = fakeIo({ cwd: dir, connectionLimits: { fdLimit: 1_048_576, portRange: [32768, 60999] } });
    expect(await run(['inspect', 'big.yml'], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/ephemeral port range 32768-60999 gives 28232/);
  });

  it('a generator out of descriptors at run time is generator-limited, not a failing target', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 5 }));
    const dir = tmpdir({});
    const script = join(dir, 'load.mjs');
    writeFileSync(
      script,
      `
import { runLoad } from '${join(ROOT, 'dist/engine/coordinator.js')}';
import { buildWindowsAndSteps } from '${join(ROOT, 'dist/record/build.js')}';
const phases = [
  { index: 0, kind: 'stage', label: 'hold', startMs: 0, durationMs: 2000, warmupMs: 0, fromLevel: 300, toLevel: 300 },
];
const schedule = { model: 'closed', phases, totalMs: 2000, peakLevel: 300, sweep: undefined };
const load = { think: { minMs: 0, maxMs: 0 }, arrivals: 'constant', seed: 1, maxInFlight: 10000 };
const get = { name: 'get', method: 'GET', path: '/', headers: {}, body: undefined, weight: 1, expectStatus: [200] };
const target = { url: '${server.url}', timeoutMs: 2000, headers: {}, load, requests: [{ ...get, templated: false }] };
const outcome = await runLoad(schedule, target, { workers: 1 });
const { steps } = buildWindowsAndSteps(outcome, 'closed');
console.log(JSON.stringify(steps.map((s) => ({ errors: s.errors, sent: s.sent, generatorLimit: s.generatorLimit }))));
`,
    );
    const child = spawnSync('sh', ['-c', `ulimit -n 150 && exec "${process.execPath}" "${script}"`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const [step] = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      errors: Record<string, number>;
      sent: number;
      generatorLimit?: string;
    }[];
    expect(step!.errors['client-limit'], JSON.stringify(step)).toBeGreaterThan(0);
    expect(step!.generatorLimit).toMatch(
      /could not open a connection: the generator ran out of file descriptors or ports/,
    );
  });
});

describe('every request sent is accounted for', () => {
  it('an interrupted run: sent = ok + errors + cancelled at the stop', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 3000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const outcome = await runLoad(hold('closed', 20, 10_000), target(server.url), {
      workers: 1,
      signal: controller.signal,
    });
    expect(outcome.status).toBe('interrupted');
    const cancelled = total(outcome.windows, (w) => w.cancelled ?? 0);
    expect(cancelled).toBe(20);
    expect(total(outcome.windows, (w) => w.ok + w.errorCount) + cancelled).toBe(total(outcome.windows, (w) => w.sent));
  });
});
