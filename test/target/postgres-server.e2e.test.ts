/**
 * The postgres demo target against a real PostgreSQL (CAPPLAN_TEST_DATABASE_URL; see
 * database.ts): a pg pool of P, SELECT pg_sleep(hold), pool limits as 503s.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../src/probes/prom-text.js';
import { DEMO_APPLICATION_NAME } from '../../src/target/postgres-pool.js';
import { startDemoTargetProcess } from '../../src/target/spawn.js';
import type { TargetServer, TargetServerOptions } from '../../src/target/server.js';
import { activeSessions, adminQuery, createScratchDatabase, openClient, withUser } from './database.js';
import { demoTargetSpec, startDemoTarget } from '../helpers/demo-target.js';
import { driveLoad, get, sampleWhile } from '../helpers/load.js';

describe('postgres demo target', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const servers: TargetServer[] = [];
  const roles: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await scratch?.drop();
    // After the database: its CONNECT grant would otherwise keep the role from being dropped.
    for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  async function start(options: Partial<TargetServerOptions>): Promise<TargetServer> {
    const server = await startDemoTarget({
      backend: 'postgres',
      pool: 10,
      holdMs: 30,
      databaseUrl: scratch.url,
      ...options,
    });
    servers.push(server);
    return server;
  }

  it('is healthy after a first query and answers with Server-Timing', async () => {
    const server = await start({});
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
    const res = await get(`${server.url}/orders?item=1`);
    expect(res.status).toBe(200);
    const m = /^pool;dur=([\d.]+), db;dur=([\d.]+)$/.exec(String(res.headers['server-timing']));
    expect(m).not.toBeNull();
    // pg_sleep(0.03) takes at least 30 ms inside the server.
    expect(Number(m![2])).toBeGreaterThanOrEqual(29);
  });

  it('P=10, hold 30 ms, 20 users: pg_stat_activity shows 10 active, /metrics shows waiting', async () => {
    // A child process, as `target.demo` runs it: its event loop is not shared with the load.
    const target = await startDemoTargetProcess(
      demoTargetSpec({ backend: 'postgres', pool: 10, holdMs: 30, databaseUrl: scratch.url }),
    );
    const sampler = await openClient();
    try {
      const load = driveLoad(target.url, { concurrency: 20, durationMs: 3000 });
      const samples = await sampleWhile(load, 50, async () => {
        const [active, metrics] = await Promise.all([
          activeSessions(sampler, scratch.name, DEMO_APPLICATION_NAME),
          get(`${target.url}/metrics`),
        ]);
        const gauges = Object.fromEntries(parsePrometheusText(metrics.body).samples.map((s) => [s.name, s.value]));
        return { active, inUse: gauges['db_pool_in_use'] ?? -1, waiting: gauges['db_pool_waiting'] ?? -1 };
      });
      const result = await load;
      expect(result.statuses).toEqual({ 200: result.sent });
      expect(samples.length).toBeGreaterThan(10);
      expect(Math.max(...samples.map((s) => s.active))).toBe(10);
      expect(Math.max(...samples.map((s) => s.inUse))).toBe(10);
      expect(Math.max(...samples.map((s) => s.waiting))).toBeGreaterThan(0);
      expect(Math.max(...samples.map((s) => s.waiting))).toBeLessThanOrEqual(10);
    } finally {
      await sampler.end();
      await target.stop();
    }
  });

  it('turns pg-pool acquire timeouts into 503 "timeout acquiring connection: <pg message>"', async () => {
    const server = await start({ pool: 1, holdMs: 400, acquireTimeoutMs: 50 });
    const results = await Promise.all([get(`${server.url}/a`), get(`${server.url}/b`), get(`${server.url}/c`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 503, 503]);
    expect(results.find((r) => r.status === 503)?.body).toBe(
      'timeout acquiring connection: timeout exceeded when trying to connect\n',
    );
    const metrics = parsePrometheusText((await get(`${server.url}/metrics`)).body).samples;
    expect(metrics.find((s) => s.name === 'db_pool_acquire_timeouts_total')?.value).toBe(2);
  });

  it('surfaces PostgreSQL "too many connections" (SQLSTATE 53300) as 503 with its message', async () => {
    const role = `capplan_limited_${randomBytes(3).toString('hex')}`;
    await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 2`);
    roles.push(role);
    await adminQuery(`GRANT CONNECT ON DATABASE ${scratch.name} TO ${role}`);
    const server = await start({ pool: 5, holdMs: 300, databaseUrl: withUser(scratch.url, role, 'limited') });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => get(`${server.url}/x?i=${i}`)));
    const byStatus = results.reduce<Record<number, number>>(
      (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
      {},
    );
    expect(byStatus).toEqual({ 200: 2, 503: 3 });
    expect(results.find((r) => r.status === 503)?.body).toBe(`too many connections for role "${role}"\n`);
  });

  it('refuses to start, with the reason and no password, when the database is unreachable', async () => {
    const error = await startDemoTarget({
      backend: 'postgres',
      pool: 2,
      holdMs: 10,
      databaseUrl: 'postgres://u:pw@127.0.0.1:1/x',
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(
      /^cannot query PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    );
  });
});
