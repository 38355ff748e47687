/**
 * Flows on real worker threads against a real server with the flow contract (login ->
 * browse -> checkout with a captured token): the server's own counters against capplan's,
 * no request with an empty token, failed captures, data files, both load models.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import type { LoadTarget } from '../../src/engine/types.js';
import { parseDataFile } from '../../src/scenario/data-file.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildSchedule } from '../../src/scenario/schedule.js';
import { mergeEncoded } from '../../src/metrics/histogram.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { startFlowServer, type FlowServer } from '../helpers/flow-server.js';
import { errorsByKind, total } from './fixtures.js';

let server: FlowServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const USERS = 'user,password\nalice,s3cret-a\nbob,s3cret-b\ncarol,s3cret-c\ndave,s3cret-d\nerin,s3cret-e\n';

function scenarioText(url: string, load: string, tokenPath = '$.token', data = 'sequential'): string {
  return `version: 1
target: { url: "${url}", timeout: 3s }
data: { file: users.csv, order: ${data} }
flows:
  - name: buyer
    steps:
      - { name: login, method: POST, path: /login, json: { user: "{{data.user}}" }, capture: { token: "${tokenPath}" } }
      - { name: browse, path: "/catalogue/{{rand 1 50}}" }
      - name: checkout
        method: POST
        path: /checkout
        headers: { authorization: "Bearer {{vars.token}}" }
        json: { sku: A-1 }
load:
${load}
`;
}

async function runFlow(text: string, workers = 2): ReturnType<typeof runLoad> {
  const scenario = parseScenario(text, 'flow.yml', { env: {}, readFile: () => ({ ok: true, text: USERS }) });
  const parsed = parseDataFile(USERS, 'users.csv');
  if (!parsed.ok) throw new Error(parsed.message);
  const target: LoadTarget = {
    url: scenario.target.url!,
    timeoutMs: scenario.target.timeoutMs,
    headers: {},
    requests: scenario.requests,
    load: scenario.load,
    flows: scenario.flows,
    data: { file: 'users.csv', order: scenario.data!.order, columns: parsed.columns, rows: parsed.rows },
  };
  return runLoad(buildSchedule(scenario), target, { workers });
}

describe('flows', () => {
  it('closed model: login -> browse -> checkout with the captured token; counts match the server exactly', async () => {
    server = await startFlowServer({ pool: 4, holdMs: 5 });
    const outcome = await runFlow(scenarioText(server.url, '  stages: [{ duration: 2s, concurrency: 4 }]'));
    expect(outcome.status).toBe('completed');
    const sent = total(outcome.windows, (w) => w.sent);
    const ok = total(outcome.windows, (w) => w.ok);
    expect(server.route('login')).toBeGreaterThan(10);
    // Every request sent was received, and every one succeeded: no 401 at checkout.
    expect(server.route('login') + server.route('catalogue') + server.route('checkout')).toBe(sent);
    expect(ok).toBe(sent);
    expect(server.counts()['checkout 401']).toBeUndefined();
    expect(server.emptyTokens()).toBe(0);
    // Steps in turn: each iteration's checkout follows its login (at most one unfinished flow per user).
    expect(server.route('login') - server.route('checkout')).toBeLessThanOrEqual(4);
    expect(server.route('login') - server.route('checkout')).toBeGreaterThanOrEqual(0);
    // Data rows in order, wrapping, on each worker: every user logs in about as often as the others.
    const perUser = new Map<string, number>();
    for (const user of server.logins()) perUser.set(user, (perUser.get(user) ?? 0) + 1);
    expect([...perUser.keys()].sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(Math.max(...perUser.values()) - Math.min(...perUser.values())).toBeLessThanOrEqual(2);
  });

  it('a failed capture fails its step as capture-failed and ends the iteration: no checkout is sent', async () => {
    server = await startFlowServer();
    const outcome = await runFlow(
      scenarioText(server.url, '  stages: [{ duration: 2s, concurrency: 2 }]', '$.missing'),
    );
    const errors = errorsByKind(outcome.windows);
    expect(errors['capture-failed']).toBe(server.route('login'));
    expect(server.route('login')).toBeGreaterThan(5);
    expect(server.route('catalogue')).toBe(0);
    expect(server.route('checkout')).toBe(0);
    expect(server.emptyTokens()).toBe(0);
  });

  it('open model: an arrival starts a flow; later steps follow and every step is counted once', async () => {
    server = await startFlowServer({ pool: 8, holdMs: 5 });
    const outcome = await runFlow(scenarioText(server.url, '  model: open\n  stages: [{ duration: 3s, rate: 20 }]'));
    expect(outcome.status).toBe('completed');
    const sent = total(outcome.windows, (w) => w.sent);
    expect(server.route('login')).toBeGreaterThanOrEqual(55);
    expect(server.route('login')).toBeLessThanOrEqual(61);
    // Every flow that started ran to the end (the drain waits for in-flight steps only: a few are cut by the stop).
    expect(server.route('login') - server.route('checkout')).toBeLessThanOrEqual(3);
    expect(server.route('login') + server.route('catalogue') + server.route('checkout')).toBe(sent);
    expect(server.emptyTokens()).toBe(0);
    expect(errorsByKind(outcome.windows)).toEqual({});
  });

  it('order unique: each row once, then the run stops cleanly with a clear reason', async () => {
    server = await startFlowServer();
    const outcome = await runFlow(
      scenarioText(server.url, '  stages: [{ duration: 10s, concurrency: 2 }]', '$.token', 'unique'),
    );
    expect(outcome.status).toBe('aborted');
    expect(outcome.abortReason).toMatch(/data file users\.csv: all 5 rows were used once \(order: unique\)/);
    expect(server.logins().sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(outcome.endedAtMs - outcome.startedAtMs).toBeLessThan(8000);
  });

  it('independent requests fed by a data file: one row per request, every user in turn', async () => {
    server = await startFlowServer();
    const text = `version: 1
target: { url: "${server.url}", timeout: 3s }
data: { file: users.csv }
requests:
  - { name: login, method: POST, path: /login, json: { user: "{{data.user}}" }, headers: { x-user: "{{data.user}}" } }
load:
  stages: [{ duration: 1s, concurrency: 2 }]
`;
    const outcome = await runFlow(text, 1);
    expect(outcome.status).toBe('completed');
    const logins = server.logins();
    expect(logins.length).toBe(total(outcome.windows, (w) => w.ok));
    // Rows go to requests in send order, in turn. Two users' sends can reach the server in either
    // order (a near tie between connections), so each arrival holds its own row or a neighbour's.
    const rows = ['alice', 'bob', 'carol', 'dave', 'erin'];
    expect(logins.length).toBeGreaterThan(10);
    logins.forEach((login, i) => expect([i - 1, i, i + 1].map((j) => rows[(j + 5) % 5])).toContain(login));
    const uses = rows.map((row) => logins.filter((l) => l === row).length);
    expect(Math.max(...uses) - Math.min(...uses)).toBeLessThanOrEqual(1);
  });

  it('open model: think time between steps is not latency (each step timed from its own intended start)', async () => {
    server = await startFlowServer();
    const text = `version: 1
target: { url: "${server.url}", timeout: 3s }
flows:
  - name: browse
    steps:
      - { name: first, path: /catalogue, think: 300ms }
      - { name: second, path: /catalogue/2 }
load:
  model: open
  stages: [{ duration: 2s, rate: 10 }]
`;
    const scenario = parseScenario(text, 'flow.yml', { env: {} });
    const target: LoadTarget = {
      url: server.url,
      timeoutMs: 3000,
      headers: {},
      requests: scenario.requests,
      load: scenario.load,
      flows: scenario.flows,
    };
    const outcome = await runLoad(buildSchedule(scenario), target, { workers: 1 });
    expect(server.route('catalogue')).toBeGreaterThanOrEqual(36);
    const latency = summarizeEncoded(mergeEncoded(outcome.windows.map((w) => w.hdr)));
    // The 300 ms think would show in every second step if it were counted.
    expect(latency.p90).toBeLessThan(150);
  });
});
