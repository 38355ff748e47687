/**
 * `capplan run` with a flow and a data file against a real server with the flow contract:
 * the captured token reaches checkout, the server's counters equal capplan's, no request goes
 * out with an empty token, and no data value reaches run.json or a report (file name and row
 * count only). `order: unique` ends the run cleanly with its reason and the partial record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import { startFlowServer, type FlowServer } from '../helpers/flow-server.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

let server: FlowServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const USERS = 'user,password\nalice,Pw-alice-7731\nbob,Pw-bob-1184\ncarol,Pw-carol-5520\n';

function scenario(url: string, order: string, duration: string): string {
  return `version: 1
name: checkout-flow
target: { url: "${url}", timeout: 2s }
data: { file: data/users.csv, order: ${order} }
flows:
  - name: buyer
    weight: 3
    steps:
      - { name: login, method: POST, path: /login, json: { user: "{{data.user}}", password: "{{data.password}}" }, \
capture: { token: "$.token" } }
      - { name: browse, path: /catalogue, think: 5ms }
      - { name: checkout, method: POST, path: /checkout, headers: { authorization: "Bearer {{vars.token}}" }, \
json: { sku: A-1 } }
  - name: browser
    weight: 1
    steps:
      - { name: catalogue, path: "/catalogue/{{rand 1 9}}" }
load:
  stages: [{ duration: ${duration}, concurrency: 3 }]
`;
}

async function runFlow(order: string, duration: string): Promise<{ code: number; err: string; dir: string }> {
  const dir = tmpdir({ 'flow.yml': scenario(server!.url, order, duration), 'data/users.csv': USERS });
  const io = fakeIo({ cwd: dir });
  const code = await run(['run', 'flow.yml', '--workers', '1', '--no-progress', '--out', 'out'], io);
  return { code, err: io.err(), dir };
}

describe('capplan run with flows and a data file', () => {
  it("login -> browse -> checkout: counts equal the server's, no empty token, no data value in output", async () => {
    server = await startFlowServer({ pool: 4, holdMs: 5 });
    const { code, err, dir } = await runFlow('sequential', '3s');
    expect(err).toBe('');
    expect(code).toBe(ExitCode.ok);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    const sent = record.windows.reduce((s, w) => s + w.sent, 0);
    const ok = record.windows.reduce((s, w) => s + w.ok, 0);
    // The preflight GET / is the one 'other' request; the rest are the flows' steps.
    expect(server.route('other')).toBe(1);
    expect(server.route('login') + server.route('catalogue') + server.route('checkout')).toBe(sent);
    expect(ok).toBe(sent);
    expect(server.route('checkout')).toBeGreaterThan(10);
    expect(server.emptyTokens()).toBe(0);
    expect(server.counts()['checkout 401']).toBeUndefined();
    expect(new Set(server.logins())).toEqual(new Set(['alice', 'bob', 'carol']));
    const resolved = record.scenario.resolved as { data?: unknown; requests?: { name: string }[] };
    expect(resolved.data).toEqual({ file: 'data/users.csv', order: 'sequential', rowCount: 3 });
    expect(resolved.requests?.map((r) => r.name)).toEqual(['login', 'browse', 'checkout', 'catalogue']);
    for (const file of readdirSync(join(dir, 'out'))) {
      const text = readFileSync(join(dir, 'out', file), 'utf8');
      for (const secret of ['Pw-alice-7731', 'Pw-bob-1184', 'Pw-carol-5520', 'alice', 'carol'])
        expect(text, `${file} holds "${secret}"`).not.toContain(secret);
    }
  });

  it('order unique: the run stops when the rows run out, says why, writes the partial record (exit 3)', async () => {
    server = await startFlowServer();
    const { code, err, dir } = await runFlow('unique', '20s');
    expect(code).toBe(ExitCode.aborted);
    expect(err).toMatch(/data file data\/users\.csv: all 3 rows were used once \(order: unique\); the run stops/);
    expect(err).not.toMatch(/\n\s+at /);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    expect(record.status).toBe('aborted');
    expect(record.abortReason).toMatch(/all 3 rows were used once/);
    expect(server.logins().sort()).toEqual(['alice', 'bob', 'carol']);
  });
});
