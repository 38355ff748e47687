/**
 * The memory demo target over real HTTP (in-process server on 127.0.0.1 port 0, undici clients).
 */
import { describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import { parsePrometheusText } from '../../src/probes/prom-text.js';
import type { TargetServer, TargetServerOptions } from '../../src/target/server.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startDemoTarget } from '../helpers/demo-target.js';
import { driveLoad, get, sampleWhile } from '../helpers/load.js';

const keep = closeAfterEach();

async function start(options: Partial<TargetServerOptions> = {}): Promise<TargetServer> {
  return keep(await startDemoTarget(options));
}

async function gauges(url: string): Promise<Record<string, number>> {
  const { body } = await get(`${url}/metrics`);
  const out: Record<string, number> = {};
  for (const s of parsePrometheusText(body).samples) if (s.type === 'gauge') out[s.name] = s.value;
  return out;
}

function parseServerTiming(header: unknown): { poolMs: number; dbMs: number } {
  const m = /^pool;dur=([\d.]+), db;dur=([\d.]+)$/.exec(String(header));
  if (m === null) throw new Error(`bad Server-Timing: ${String(header)}`);
  return { poolMs: Number(m[1]), dbMs: Number(m[2]) };
}

describe('memory demo target', () => {
  it('listens on 127.0.0.1 and answers /healthz, any path through the pool, with Server-Timing', async () => {
    const server = await start({ holdMs: 40 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    const res = await get(`${server.url}/orders?item=1`);
    expect(res.status).toBe(200);
    const timing = parseServerTiming(res.headers['server-timing']);
    expect(timing.poolMs).toBe(0);
    expect(timing.dbMs).toBeGreaterThanOrEqual(39);
  });

  it('holds at most P connections, queues the rest; /metrics shows in_use = P and waiting > 0 under load', async () => {
    const server = await start({ pool: 4, holdMs: 50 });
    const load = driveLoad(server.url, { concurrency: 12, durationMs: 1500 });
    const samples = await sampleWhile(load, 100, () => gauges(server.url));
    const result = await load;
    expect(result.statuses).toEqual({ 200: result.sent });
    const inUse = samples.map((s) => s['db_pool_in_use'] ?? -1);
    const waiting = samples.map((s) => s['db_pool_waiting'] ?? -1);
    expect(Math.max(...inUse)).toBe(4);
    expect(Math.max(...waiting)).toBeGreaterThan(0);
    expect(Math.max(...waiting)).toBeLessThanOrEqual(8);
    expect(samples.every((s) => s['db_pool_size'] === 4)).toBe(true);
    // Capacity is P / hold = 80 req/s: 1.5 s of load completes about 120, never far more.
    expect(result.sent).toBeLessThanOrEqual(4 * (1500 / 50) + 12);
    const after = await gauges(server.url);
    expect(after).toMatchObject({ db_pool_in_use: 0, db_pool_waiting: 0 });
  });

  it('serves waiters in arrival order (FIFO) and reports their wait in Server-Timing', async () => {
    const server = await start({ pool: 1, holdMs: 30 });
    const client = new Pool(server.url, { connections: 6 });
    try {
      const finished: number[] = [];
      const waits: number[] = [];
      const requests: Promise<void>[] = [];
      for (let i = 0; i < 6; i++) {
        requests.push(
          client.request({ method: 'GET', path: `/order?i=${i}` }).then(async (res) => {
            await res.body.text();
            finished.push(i);
            waits[i] = parseServerTiming(res.headers['server-timing']).poolMs;
          }),
        );
        // Arrival order is what FIFO is about: let each request reach the server first.
        await new Promise((r) => setTimeout(r, 8));
      }
      await Promise.all(requests);
      expect(finished).toEqual([0, 1, 2, 3, 4, 5]);
      // Each later request waited longer than the one before it.
      for (let i = 1; i < 6; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    } finally {
      await client.close();
    }
  });

  it('answers 503 "timeout acquiring connection" after the acquire timeout and counts it', async () => {
    const server = await start({ pool: 1, holdMs: 300, acquireTimeoutMs: 50 });
    const [first, second] = await Promise.all([get(`${server.url}/a`), get(`${server.url}/b`)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 503]);
    const rejected = first.status === 503 ? first : second;
    expect(rejected.body).toBe('timeout acquiring connection\n');
    const timing = parseServerTiming(rejected.headers['server-timing']);
    expect(timing.poolMs).toBeGreaterThanOrEqual(45);
    expect(timing.dbMs).toBe(0);
    const metrics = parsePrometheusText((await get(`${server.url}/metrics`)).body).samples;
    expect(metrics.find((s) => s.name === 'db_pool_acquire_timeouts_total')?.value).toBe(1);
    expect(metrics.find((s) => s.name === 'http_requests_total' && s.labels['status'] === '503')?.value).toBe(1);
    expect(metrics.find((s) => s.name === 'http_requests_total' && s.labels['status'] === '200')?.value).toBe(1);
    expect(metrics.find((s) => s.name === 'http_request_duration_seconds_count')?.value).toBe(2);
  });

  it('fails fast with 503 when the pool is full', async () => {
    const server = await start({ pool: 2, holdMs: 200, failFast: true });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => get(`${server.url}/x?i=${i}`)));
    const byStatus = results.reduce<Record<number, number>>(
      (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toEqual({ 200: 2, 503: 3 });
    expect(results.find((r) => r.status === 503)?.body).toBe('pool exhausted (fail-fast)\n');
  });

  it('serves /metrics in the Prometheus text format with the documented families', async () => {
    const server = await start();
    await get(`${server.url}/warm`);
    const res = await get(`${server.url}/metrics`);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    const parsed = parsePrometheusText(res.body);
    expect(parsed.invalidCount).toBe(0);
    const families = new Map(parsed.samples.map((s) => [s.family, s.type]));
    expect(Object.fromEntries(families)).toMatchObject({
      db_pool_size: 'gauge',
      db_pool_in_use: 'gauge',
      db_pool_waiting: 'gauge',
      db_pool_acquire_timeouts_total: 'counter',
      http_requests_total: 'counter',
      http_request_duration_seconds: 'histogram',
    });
  });

  it('on close lets in-flight requests finish, then refuses new connections', async () => {
    const server = await start({ pool: 2, holdMs: 150 });
    const inFlight = Promise.all([get(`${server.url}/a`), get(`${server.url}/b`), get(`${server.url}/c`)]);
    await new Promise((r) => setTimeout(r, 40));
    await server.close();
    expect((await inFlight).map((r) => r.status)).toEqual([200, 200, 200]);
    await expect(get(`${server.url}/late`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('cuts requests still waiting after the shutdown grace', async () => {
    const server = await start({ pool: 1, holdMs: 2000, shutdownGraceMs: 100 });
    const pending = get(`${server.url}/slow`).then(
      (r) => r.status,
      (e: unknown) => (e as Error).message,
    );
    await new Promise((r) => setTimeout(r, 40));
    const closed = server.close();
    await closed;
    expect(await pending).toMatch(/other side closed|socket|ECONNRESET/i);
  });
});
