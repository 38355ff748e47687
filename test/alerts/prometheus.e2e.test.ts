/**
 * From test to alert, end to end: a real Prometheus scrapes the demo target every second with
 * the rules `capplan alerts` wrote from a capacity sweep record (pool 20, 50 ms hold: 394
 * req/s); then a shortened copy of scenarios/spike.yml drives the spike. Prometheus's HTTP
 * API must show PoolExhausted and PoolNearExhaustion firing within 30 s of the spike's start,
 * nothing firing during the baseline, and every alert resolved after the recovery.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import { startDemoTargetProcess, type DemoTargetHandle } from '../../src/target/spawn.js';
import { demoTargetSpec } from '../helpers/demo-target.js';
import { fakeIo } from '../helpers/io.js';
import { requireBinary, startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { tmpdir } from '../helpers/tmpdir.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const hasPrometheus = requireBinary('prometheus');

/** scenarios/spike.yml against an already running demo target, its stages shortened. */
function shortSpike(url: string): string {
  const spike = parse(readFileSync(join(ROOT, 'scenarios/spike.yml'), 'utf8')) as Record<string, unknown> & {
    load: Record<string, unknown>;
  };
  spike['target'] = { url, timeout: '2s' };
  spike['probes'] = [{ prometheus: `${url}/metrics`, every: '1s', metrics: ['db_pool_in_use', 'db_pool_waiting'] }];
  spike.load['stages'] = [
    { duration: '5s', concurrency: 10, name: 'baseline' },
    { duration: '2s', rampTo: 100, name: 'ramp' },
    { duration: '7s', concurrency: 100, name: 'spike' },
    { duration: '5s', concurrency: 10, name: 'recovery' },
  ];
  return stringify(spike);
}

type Seen = { firstFiringMs?: number; lastFiringMs?: number; firstPendingMs?: number };
const key = (labels: Record<string, string>): string =>
  `${labels['alertname']}${labels['signal'] === undefined ? '' : `/${labels['signal']}`}`;

/** Polls /api/v1/alerts every 250 ms until stopped; the time each alert was first and last seen. */
function watchAlerts(prom: PrometheusHandle): { seen: Map<string, Seen>; stop: () => Promise<void> } {
  const seen = new Map<string, Seen>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = Date.now();
      for (const a of await prom.alerts().catch(() => [])) {
        const s = seen.get(key(a.labels)) ?? {};
        if (a.state === 'firing') {
          s.firstFiringMs ??= now;
          s.lastFiringMs = now;
        } else s.firstPendingMs ??= now;
        seen.set(key(a.labels), s);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe.skipIf(!hasPrometheus)('alerts in a real Prometheus during spike.yml', () => {
  let demo: DemoTargetHandle;
  let prom: PrometheusHandle;
  let dir: string;

  beforeAll(async () => {
    demo = await startDemoTargetProcess(demoTargetSpec({ pool: 20, acquireTimeoutMs: 150 }));
    dir = tmpdir();
    copyFileSync(join(ROOT, 'test/fixtures/runs/sweep-knee.json'), join(dir, 'capacity.json'));
    const io = fakeIo({ cwd: dir });
    const code = await run(
      [
        'alerts',
        'capacity.json',
        '--out',
        'rules.yml',
        '--selector',
        '{job="demo"}',
        '--rate-window',
        '4s',
        '--for',
        '3s',
      ],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    prom = await startPrometheus({
      scrapeTargets: [{ job: 'demo', target: new URL(demo.url).host }],
      ruleFiles: [join(dir, 'rules.yml')],
    });
  });
  afterAll(async () => {
    await prom?.stop();
    await demo?.stop();
  });

  it('fires PoolExhausted, PoolNearExhaustion within 30 s of the spike, none at baseline; all resolve', async () => {
    writeFileSync(join(dir, 'spike.yml'), shortSpike(demo.url));
    // Prometheus needs a few scrapes of the idle target before the baseline means anything.
    await new Promise((r) => setTimeout(r, 1500));
    const alerts = watchAlerts(prom);
    const io = fakeIo({ cwd: dir });
    const code = await run(['run', 'spike.yml', '--workers', '1', '--no-progress', '--out', 'out'], io);
    expect([ExitCode.ok, ExitCode.gateFailed], io.err()).toContain(code);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    const t0 = Date.parse(record.startedAt);
    const startOf = (label: string): number => t0 + record.steps.find((s) => s.label === label)!.startMs;
    const spikeStart = startOf('ramp');
    const recoveryStart = startOf('recovery');
    // Every alert must resolve: wait (bounded) until none fires.
    for (let i = 0; i < 60 && (await prom.alerts()).some((a) => a.state === 'firing'); i++)
      await new Promise((r) => setTimeout(r, 250));
    await alerts.stop();
    expect(await prom.alerts()).toEqual([]);
    const seen = alerts.seen;
    const resolvedAt = Math.max(...[...seen.values()].map((s) => s.lastFiringMs ?? 0)) + 250;
    for (const [name, s] of seen)
      expect(s.firstFiringMs ?? Infinity, `${name} fired during the baseline`).toBeGreaterThan(spikeStart);
    const exhausted = seen.get('PoolExhausted')?.firstFiringMs;
    const near = seen.get('PoolNearExhaustion/rate')?.firstFiringMs;
    expect(exhausted, JSON.stringify([...seen])).toBeDefined();
    expect(near, JSON.stringify([...seen])).toBeDefined();
    expect(exhausted! - spikeStart).toBeLessThan(30_000);
    expect(near! - spikeStart).toBeLessThan(30_000);
    expect(resolvedAt - recoveryStart).toBeLessThan(20_000);
    // A spike is load, not a slowdown: the latency model's alert does not fire, though p99 rises
    // before the rate window shows the surge (it may be pending for a moment).
    expect(seen.get('LatencyAboveCapacityModel')?.firstFiringMs).toBeUndefined();
    const latencyPending = seen.get('LatencyAboveCapacityModel')?.firstPendingMs;
    if (latencyPending !== undefined)
      console.log(
        `LatencyAboveCapacityModel pending (not firing) ${latencyPending - spikeStart} ms after the spike's start`,
      );
    console.log(
      `detection delay from the spike's start: PoolExhausted ${((exhausted! - spikeStart) / 1000).toFixed(1)} s, ` +
        `PoolNearExhaustion ${((near! - spikeStart) / 1000).toFixed(1)} s (rate window 4s, for 3s, scrape 1s); ` +
        `last alert resolved ${((resolvedAt - recoveryStart) / 1000).toFixed(1)} s after the recovery began; ` +
        `seen ${JSON.stringify([...seen.keys()])}`,
    );
  });
});
