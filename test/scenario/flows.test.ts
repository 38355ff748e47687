import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { scenarioProblems } from './problems.js';

const TEXT = `version: 1
target:
  url: "https://127.0.0.1:8443"
  tls: { ca: ca.pem, servername: shop.test }
data: { file: users.csv, order: unique }
flows:
  - name: buyer
    weight: 3
    steps:
      - { name: login, method: POST, path: /login, json: { user: "{{data.user}}" }, \
capture: { token: "$.token", sid: { header: X-Session } } }
      - { name: checkout, method: POST, path: /checkout, headers: { Authorization: "Bearer {{vars.token}}" }, \
think: { min: 10ms, max: 20ms } }
  - name: browser
    steps:
      - { path: /catalogue, capture: { first: { regex: "sku=(\\\\w+)" } } }
load:
  stages: [{ duration: 2s, concurrency: 2 }]
`;

const FILES: Record<string, string> = {
  'users.csv': 'user,password\nalice,pw-a\nbob,pw-b\n',
  'ca.pem': '-----BEGIN CERTIFICATE-----\nx\n',
};
const readFile = (path: string): { ok: true; text: string } | { ok: false; message: string } =>
  FILES[path] === undefined ? { ok: false, message: `no such file ${path}` } : { ok: true, text: FILES[path] };

function problems(text: string): string[] {
  return scenarioProblems(text, 'x.yml');
}

describe('flows in a scenario', () => {
  it('normalizes steps, captures, think, data (name, order, row count only) and TLS (paths only)', () => {
    const s = parseScenario(TEXT, 'flow.yml', { env: {}, readFile });
    expect(s.flows?.map((f) => [f.name, f.weight, f.steps.map((step) => step.name)])).toEqual([
      ['buyer', 3, ['login', 'checkout']],
      ['browser', 1, ['GET /catalogue']],
    ]);
    const [login, checkout] = s.flows![0]!.steps;
    expect(login!.captures).toEqual([
      { var: 'token', kind: 'json', path: ['token'], source: '$.token' },
      { var: 'sid', kind: 'header', header: 'x-session' },
    ]);
    expect(login!.templated).toBe(true);
    expect(checkout!).toMatchObject({
      headers: { authorization: 'Bearer {{vars.token}}' },
      think: { minMs: 10, maxMs: 20 },
      templated: true,
    });
    expect(s.flows![1]!.steps[0]!.captures).toEqual([
      { var: 'first', kind: 'regex', pattern: 'sku=(\\w+)', from: 'body' },
    ]);
    // Every step is a request of the mix (per-request results use these names).
    expect(s.requests.map((r) => r.name)).toEqual(['login', 'checkout', 'GET /catalogue']);
    expect(s.data).toEqual({ file: 'users.csv', order: 'unique', rowCount: 2 });
    expect(s.target.tls).toEqual({
      insecure: false,
      ca: 'ca.pem',
      cert: undefined,
      key: undefined,
      servername: 'shop.test',
    });
    expect(JSON.stringify(s)).not.toContain('pw-a');
    expect(JSON.stringify(s)).not.toContain('BEGIN');
  });

  it('refuses data and TLS files when there is no file reader (inline text)', () => {
    expect(() => parseScenario(TEXT, 'flow.yml', { env: {} })).toThrow(ScenarioError);
  });

  it('needs requests or flows', () => {
    const text = 'target: { url: "http://127.0.0.1:1" }\nload: { stages: [{ duration: 1s, concurrency: 1 }] }\n';
    expect(problems(text)).toEqual([
      '1:1: the scenario needs "requests" (independent requests) or "flows" (steps one user runs in turn)',
    ]);
  });

  it('refuses {{vars.X}} in independent requests', () => {
    const text =
      'target: { url: "http://127.0.0.1:1" }\nrequests: [{ path: ' +
      '"/{{vars.id}}" }]\nload: { stages: [{ duration: 1s, concurrency: 1 }] }\n';
    expect(problems(text)).toEqual([
      '2:20: requests[0].path: {{vars.id}} needs flows (values are captured by earlier steps of a flow)',
    ]);
  });
});
