/**
 * The prometheus probe against real endpoints on 127.0.0.1: the demo target under load, and
 * endpoints that misbehave (garbage, slow, refused, gone mid-run). A failing probe gives
 * warnings and a series; stop() always resolves.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startProbes } from '../../src/probes/index.js';
import { parsePrometheusText } from '../../src/probes/prom-text.js';
import type { ProbeSeries } from '../../src/record/types.js';
import type { ProbeSpec } from '../../src/scenario/types.js';
import type { TargetServer } from '../../src/target/server.js';
import { startDemoTarget } from '../helpers/demo-target.js';
import { driveLoad, get } from '../helpers/load.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function demoTarget(): Promise<TargetServer> {
  const server = await startDemoTarget();
  closers.push(() => server.close());
  return server;
}

/** A plain HTTP server on 127.0.0.1:0 with the given handler. */
async function endpoint(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, server };
}

function spec(url: string, everyMs: number, metrics?: string[]): ProbeSpec {
  return { kind: 'prometheus', name: 'pool', url, everyMs, metrics };
}

async function probeFor(
  specs: ProbeSpec[],
  ms: number,
  during?: () => Promise<unknown>,
): Promise<{ series: ProbeSeries[]; warnings: string[] }> {
  const warnings: string[] = [];
  const startedAtMs = Date.now();
  const runner = startProbes(specs, { startedAtMs, onWarning: (w) => warnings.push(w) });
  await Promise.all([sleep(ms), during?.()]);
  return { series: await runner.stop(), warnings };
}

async function requests200(url: string): Promise<number> {
  const samples = parsePrometheusText((await get(`${url}/metrics`)).body).samples;
  return samples.find((s) => s.name === 'http_requests_total' && s.labels['status'] === '200')?.value ?? 0;
}

describe('prometheus probe', () => {
  it('samples on the run clock, keeps gauges, and turns counters into rates that add up to the count', async () => {
    const target = await demoTarget();
    const before = await requests200(target.url);
    const { series, warnings } = await probeFor([spec(`${target.url}/metrics`, 250)], 2600, async () => {
      await sleep(300);
      await driveLoad(target.url, { concurrency: 12, durationMs: 1800 });
    });
    const served = (await requests200(target.url)) - before;
    expect(warnings).toEqual([]);
    const [pool] = series;
    expect(pool).toMatchObject({ name: 'pool', kind: 'prometheus', warnings: [] });
    const points = pool!.series;
    expect(points.length).toBeGreaterThanOrEqual(8);
    // Nominal ticks: multiples of `every` from the run start, strictly increasing.
    expect(points.every((p) => p.tMs % 250 === 0)).toBe(true);
    expect(points.every((p, i) => i === 0 || p.tMs > points[i - 1]!.tMs)).toBe(true);
    expect(points.every((p) => p.values['up'] === 1)).toBe(true);
    expect(Math.max(...points.map((p) => p.values['db_pool_in_use'] ?? 0))).toBe(4);
    expect(Math.max(...points.map((p) => p.values['db_pool_waiting'] ?? 0))).toBeGreaterThan(0);
    // The first sample has no previous one: no rate yet.
    expect('http_requests_total{status="200"}' in points[0]!.values).toBe(false);
    let integrated = 0;
    for (let i = 1; i < points.length; i++)
      integrated +=
        ((points[i]!.values['http_requests_total{status="200"}'] ?? 0) * (points[i]!.tMs - points[i - 1]!.tMs)) / 1000;
    expect(served).toBeGreaterThan(50);
    expect(integrated / served).toBeGreaterThan(0.85);
    expect(integrated / served).toBeLessThan(1.15);
    // Capacity is P / hold = 80 req/s: no 250 ms interval can show much more.
    const peakRate = Math.max(...points.map((p) => p.values['http_requests_total{status="200"}'] ?? 0));
    expect(peakRate).toBeLessThan(80 * 1.6);
    expect(Math.max(...points.map((p) => p.values['http_request_duration_seconds_mean'] ?? 0))).toBeGreaterThan(0.05);
  });

  it('turns a counter into a rate over the time between answers, steady when the endpoint answers late', async () => {
    // A counter growing by 1 per second, answered alternately at once and 250 ms late (as a busy
    // single-threaded service answers its /metrics). Per the requests' times its rate would read
    // 0.5 and 1.5 in turn; per the answers' times it reads 1.
    const born = Date.now();
    let late = false;
    const { url } = await endpoint((_req, res) => {
      late = !late;
      setTimeout(
        () => res.end(`# TYPE work_seconds_total counter\nwork_seconds_total ${(Date.now() - born) / 1000}\n`),
        late ? 250 : 0,
      );
    });
    const { series, warnings } = await probeFor([spec(url, 500, ['work_seconds_total'])], 3300);
    expect(warnings).toEqual([]);
    const rates = series[0]!.series.map((p) => p.values['work_seconds_total']).filter((v) => v !== undefined);
    expect(rates.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...rates)).toBeGreaterThan(0.85);
    expect(Math.max(...rates)).toBeLessThan(1.15);
  });

  it("re-bases tMs on the load's actual start given to stop(), dropping earlier samples", async () => {
    const target = await demoTarget();
    const startedAtMs = Date.now();
    const runner = startProbes([spec(`${target.url}/metrics`, 200)], { startedAtMs, onWarning: () => undefined });
    await sleep(1000);
    const [rebased] = await runner.stop({ startedAtMs: startedAtMs + 450 });
    const tMs = rebased!.series.map((p) => p.tMs);
    expect(tMs.length).toBeGreaterThanOrEqual(2);
    // Ticks stay on the original 200 ms grid: 600 - 450 = 150, 800 - 450 = 350, ...
    expect(tMs.every((t) => t >= 0 && (t + 450) % 200 === 0)).toBe(true);
    expect(tMs[0]).toBe(150);
  });

  it('keeps only the listed metrics and warns once about one it never finds', async () => {
    const target = await demoTarget();
    const { series, warnings } = await probeFor(
      [spec(`${target.url}/metrics`, 200, ['db_pool_waiting', 'http_requests_total', 'db_pool_nonexistent'])],
      900,
      () => get(`${target.url}/x`),
    );
    const keys = new Set(series[0]!.series.flatMap((p) => Object.keys(p.values)));
    expect([...keys].every((k) => k === 'up' || k === 'db_pool_waiting' || k.startsWith('http_requests_total{'))).toBe(
      true,
    );
    expect(keys.has('db_pool_waiting')).toBe(true);
    expect(warnings).toEqual([`probe pool: metric db_pool_nonexistent not found at ${target.url}/metrics`]);
    expect(series[0]!.warnings).toEqual([
      expect.stringMatching(/^probe pool: metric db_pool_nonexistent not found at .* \(\d+ times\)$/),
    ]);
  });

  it('warns about an endpoint that returns garbage, and still returns a series', async () => {
    const { url } = await endpoint((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'),
    );
    const { series, warnings } = await probeFor([spec(url, 200)], 900);
    expect(warnings).toEqual([
      `probe pool: ${url} is not in the Prometheus text format (first line: "<html><body>Bad Gateway</body></html>")`,
    ]);
    expect(series[0]!.series.length).toBeGreaterThanOrEqual(3);
    expect(series[0]!.series.every((p) => p.values['up'] === 0 && Object.keys(p.values).length === 1)).toBe(true);
  });

  it('warns about HTTP errors', async () => {
    const { url } = await endpoint((_req, res) => res.writeHead(500).end('boom'));
    const { warnings } = await probeFor([spec(url, 200)], 500);
    expect(warnings).toEqual([`probe pool: ${url} answered HTTP 500`]);
  });

  it('gives up on a slow endpoint after its timeout instead of stalling', async () => {
    const { url } = await endpoint((_req, res) => {
      const timer = setTimeout(() => res.end('late 1\n'), 5000);
      res.on('close', () => clearTimeout(timer));
    });
    // every 600 ms -> a 500 ms timeout: each sample gives up before the next one is due.
    const { series, warnings } = await probeFor([spec(url, 600)], 2000);
    expect(warnings).toEqual([`probe pool: ${url} gave no complete answer within 500 ms`]);
    expect(series[0]!.series.length).toBeGreaterThanOrEqual(3);
    expect(series[0]!.series.every((p) => p.values['up'] === 0)).toBe(true);
  });

  it('gives up on an endpoint that sends headers and then stalls the body', async () => {
    const { url } = await endpoint((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('db_pool_waiting 1\n');
    });
    const { warnings } = await probeFor([spec(url, 600)], 800);
    expect(warnings).toEqual([`probe pool: ${url} gave no complete answer within 500 ms`]);
  });

  it('records up=0 and warns when the endpoint disappears mid-run, then keeps sampling', async () => {
    const target = await startDemoTarget({ pool: 2, holdMs: 10 });
    closers.push(() => target.close());
    const { series, warnings } = await probeFor([spec(`${target.url}/metrics`, 200)], 1600, async () => {
      await sleep(700);
      await target.close();
    });
    const ups = series[0]!.series.map((p) => p.values['up']);
    expect(ups[0]).toBe(1);
    expect(ups.at(-1)).toBe(0);
    // Once gone, it stays gone: a 1 run then a 0 run.
    const firstDown = ups.indexOf(0);
    expect(firstDown).toBeGreaterThan(1);
    expect(ups.slice(firstDown).every((u) => u === 0)).toBe(true);
    expect(ups.length).toBeGreaterThanOrEqual(6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^probe pool: cannot scrape ${target.url}/metrics: .*ECONNREFUSED`));
  });

  it('warns about a refused endpoint and an invalid URL without throwing from stop()', async () => {
    const refused = await endpoint((_req, res) => res.end());
    await new Promise<void>((r) => refused.server.close(() => r()));
    const { series, warnings } = await probeFor(
      [spec(refused.url, 200), { ...spec('not a url', 200), name: 'broken' }],
      500,
    );
    expect(series.map((s) => s.name)).toEqual(['pool', 'broken']);
    expect(warnings.some((w) => w.startsWith('probe pool: cannot scrape') && w.includes('ECONNREFUSED'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('probe broken: '))).toBe(true);
  });
});
