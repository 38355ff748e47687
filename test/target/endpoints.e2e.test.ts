/**
 * The demo target's endpoints over real HTTP: /login issues tokens, /catalogue answers JSON
 * without the pool, /checkout needs a token and then the pool, other paths use the pool as
 * before; /metrics counts every answer by route and status beside http_requests_total.
 */
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { parsePrometheusText } from '../../src/probes/prom-text.js';
import type { TargetServer } from '../../src/target/server.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startDemoTarget } from '../helpers/demo-target.js';
import { get } from '../helpers/load.js';

const keep = closeAfterEach();

async function start(): Promise<TargetServer> {
  return keep(await startDemoTarget({ pool: 1, holdMs: 60, acquireTimeoutMs: 1000 }));
}

async function call(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: string; token?: string } = {},
): Promise<{ status: number; body: string; ms: number; timing: string | undefined }> {
  const started = performance.now();
  const res = await request(url, {
    method: options.method ?? 'GET',
    body: options.body ?? null,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
  });
  const body = await res.body.text();
  const timing = res.headers['server-timing'];
  return {
    status: res.statusCode,
    body,
    ms: performance.now() - started,
    timing: typeof timing === 'string' ? timing : undefined,
  };
}

async function counters(url: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of parsePrometheusText((await get(`${url}/metrics`)).body).samples) {
    if (s.name === 'http_requests_by_route_total') out[`${s.labels['route']} ${s.labels['status']}`] = s.value;
    if (s.name === 'http_requests_total') out[`all ${s.labels['status']}`] = s.value;
  }
  return out;
}

describe('demo target endpoints', () => {
  it('counts checkouts without a token (none, or "Bearer " with nothing after it), not unknown ones', async () => {
    const server = await start();
    const emptyTokens = async (): Promise<number | undefined> =>
      parsePrometheusText(await server.metricsText()).samples.find((s) => s.name === 'http_checkout_empty_token_total')
        ?.value;
    expect(await emptyTokens()).toBe(0);
    const login = await call(`${server.url}/login`, { method: 'POST', body: '{"user":"ann"}' });
    const { token } = JSON.parse(login.body) as { token: string };
    expect((await call(`${server.url}/checkout`, { method: 'POST', token: '' })).status).toBe(401);
    expect((await call(`${server.url}/checkout`, { method: 'POST' })).status).toBe(401);
    expect((await call(`${server.url}/checkout`, { method: 'POST', token: 't-nobody-7' })).status).toBe(401);
    expect((await call(`${server.url}/checkout`, { method: 'POST', token })).status).toBe(200);
    expect(await emptyTokens()).toBe(2);
    expect((await counters(server.url))['checkout 401']).toBe(3);
    // After close no request can change a counter: what main.ts writes to CAPPLAN_TARGET_METRICS_FILE.
    await server.close();
    expect(await emptyTokens()).toBe(2);
  });

  it('login -> token; checkout needs it; catalogue and login skip the pool; counters by route', async () => {
    const server = await start();
    const login = await call(`${server.url}/login`, { method: 'POST', body: '{"user":"ann"}' });
    expect(login.status).toBe(200);
    expect(JSON.parse(login.body)).toEqual({ token: 't-ann-1' });
    const second = await call(`${server.url}/login`, { method: 'POST', body: '{"user":"bob"}' });
    expect(JSON.parse(second.body)).toEqual({ token: 't-bob-2' });
    expect((await call(`${server.url}/login`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await call(`${server.url}/login`)).status).toBe(405);

    expect(await call(`${server.url}/checkout?item=1`)).toMatchObject({
      status: 401,
      body: 'missing or unknown token\n',
    });
    expect(await call(`${server.url}/checkout`, { method: 'POST', token: 't-ann-99' })).toMatchObject({
      status: 401,
      body: 'missing or unknown token\n',
    });
    const checkout = await call(`${server.url}/checkout?item=1`, {
      method: 'POST',
      body: '{"qty":1}',
      token: 't-ann-1',
    });
    expect(checkout).toMatchObject({ status: 200, body: 'ok\n' });
    // Through the pool: Server-Timing says it held a connection for the 60 ms hold (timers never fire early).
    const held = /^pool;dur=[\d.]+, db;dur=([\d.]+)$/.exec(checkout.timing ?? '');
    expect(Number(held?.[1])).toBeGreaterThanOrEqual(59);

    const list = await call(`${server.url}/catalogue`);
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toMatchObject({ items: expect.any(Array) });
    const item = await call(`${server.url}/catalogue/A-7?x=1`);
    expect(JSON.parse(item.body)).toMatchObject({ id: 'A-7' });
    expect(item.timing).toBeUndefined();
    expect((await call(`${server.url}/orders?item=1`)).status).toBe(200);

    expect(await counters(server.url)).toEqual({
      'login 200': 2,
      'login 400': 1,
      'login 405': 1,
      'checkout 401': 2,
      'checkout 200': 1,
      'catalogue 200': 2,
      'other 200': 1,
      'all 200': 6,
      'all 400': 1,
      'all 405': 1,
      'all 401': 2,
    });
  });

  it('catalogue stays at its work time while the pool of 1 is held by checkouts', async () => {
    const server = await start();
    const token = (
      JSON.parse((await call(`${server.url}/login`, { method: 'POST', body: '{"user":"ann"}' })).body) as {
        token: string;
      }
    ).token;
    // Six checkouts queue behind one connection held 60 ms each: the last waits ~300 ms.
    const checkouts = Array.from({ length: 6 }, () => call(`${server.url}/checkout`, { method: 'POST', token }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const catalogue = await Promise.all(Array.from({ length: 4 }, (_, i) => call(`${server.url}/catalogue/${i}`)));
    const done = await Promise.all(checkouts);
    expect(done.every((r) => r.status === 200)).toBe(true);
    const slowest = Math.max(...done.map((r) => r.ms));
    expect(slowest).toBeGreaterThan(300);
    for (const r of catalogue) {
      expect(r.status).toBe(200);
      expect(r.ms).toBeGreaterThanOrEqual(59);
      // Not queued behind the checkouts: at least two holds faster than the last of them.
      expect(r.ms).toBeLessThan(slowest - 120);
    }
  });
});
