/**
 * `capplan validate` on flows, data files and TLS options: each mistake is one line with
 * file:line:col and exit 2, before any traffic (in-process, files in a temporary folder).
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const STACK = /\n\s+at /;
const USERS = 'user,password\nalice,pw-a\nbob,pw-b\n';

function scenario(flowSteps: string, extra = 'data: { file: users.csv }\n'): string {
  return `version: 1
target: { url: "http://127.0.0.1:3000" }
${extra}flows:
  - name: buyer
    steps:
${flowSteps}load:
  stages: [{ duration: 2s, concurrency: 2 }]
`;
}

const LOGIN =
  '      - { name: login, method: POST, path: /login, json: ' +
  '{ user: "{{data.user}}" }, capture: { token: "$.token" } }\n';

async function validate(
  files: Record<string, string>,
): Promise<{ code: number; lines: string[]; err: string; out: string }> {
  const dir = tmpdir(files);
  const io = fakeIo({ cwd: dir, env: {} });
  const code = await run(['validate', 'flow.yml'], io);
  const lines = io
    .err()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('capplan: '));
  return { code, lines, err: io.err(), out: io.out() };
}

const CASES: readonly (readonly [string, Record<string, string>, string])[] = [
  [
    'a variable no earlier step captures',
    {
      'flow.yml': scenario(
        `${LOGIN}      - { name: checkout, path: /checkout, headers: { authorization: "Bearer {{vars.tokn}}" } }\n`,
      ),
      'users.csv': USERS,
    },
    'flow.yml:8:70: flows[0].steps[1].headers.authorization: ' +
      '{{vars.tokn}} is not captured by an earlier step of flow "buyer" (captured before it: token)',
  ],
  [
    'a variable captured only by the same step',
    {
      'flow.yml': scenario('      - { name: a, path: "/x/{{vars.id}}", capture: { id: "$.id" } }\n'),
      'users.csv': USERS,
    },
    'flow.yml:7:26: flows[0].steps[0].path: {{vars.id}} is not captured by ' +
      'an earlier step of flow "buyer" (no earlier step captures anything)',
  ],
  [
    'a step name used twice',
    { 'flow.yml': scenario(`${LOGIN}      - { name: login, path: /catalogue }\n`), 'users.csv': USERS },
    'flow.yml:8:17: flows[0].steps[1].name: "login" is already used by ' +
      "flows[0].steps[0] (a step's name is its request name in results)",
  ],
  [
    'a data column that does not exist',
    {
      'flow.yml': scenario('      - { name: login, method: POST, path: /login, json: { user: "{{data.usr}}" } }\n'),
      'users.csv': USERS,
    },
    'flow.yml:7:66: flows[0].steps[0].json.user: {{data.usr}}: ' +
      'the data file has no column "usr" (columns: user, password)',
  ],
  [
    'a missing data file',
    { 'flow.yml': scenario(LOGIN) },
    'flow.yml:3:15: data.file: no such file users.csv (relative to the scenario file)',
  ],
  [
    'an empty data file',
    { 'flow.yml': scenario(LOGIN), 'users.csv': '' },
    'flow.yml:3:15: data.file: data file users.csv is empty',
  ],
  [
    'a data file with a header only',
    { 'flow.yml': scenario(LOGIN), 'users.csv': 'user,password\n' },
    'flow.yml:3:15: data.file: data file users.csv has a header but no rows',
  ],
  [
    '{{data.x}} without a data file',
    { 'flow.yml': scenario(LOGIN, '') },
    'flow.yml:6:66: flows[0].steps[0].json.user: {{data.user}} needs a data file (data: { file: users.csv })',
  ],
  [
    'a JSON path that does not start with $',
    { 'flow.yml': scenario('      - { name: login, path: /login, capture: { token: "token" } }\n', '') },
    'flow.yml:6:56: flows[0].steps[0].capture.token: a JSON path starts with "$", like "$.token", got "token"',
  ],
  [
    'a regex that does not compile',
    { 'flow.yml': scenario('      - { name: login, path: /login, capture: { id: { regex: "id=(" } } }\n', '') },
    'flow.yml:6:62: flows[0].steps[0].capture.id.regex: Invalid regular expression: /id=(/: Unterminated group',
  ],
  [
    'requests and flows together',
    { 'flow.yml': `${scenario('      - { path: / }\n', '')}requests: [{ path: / }]\n` },
    'flow.yml:3:1: use either "requests" (independent requests) or "flows" (steps in turn), not both',
  ],
  [
    'tls on an http URL',
    {
      'flow.yml': scenario('      - { path: / }\n', '').replace(
        'url: "http://127.0.0.1:3000" }',
        'url: "http://127.0.0.1:3000", tls: { insecure: true } }',
      ),
    },
    'flow.yml:2:41: target.tls: only for https:// URLs, got "http://127.0.0.1:3000"',
  ],
  [
    'a missing CA file',
    {
      'flow.yml': scenario('      - { path: / }\n', '').replace(
        'url: "http://127.0.0.1:3000" }',
        'url: "https://127.0.0.1:3000", tls: { ca: ca.pem } }',
      ),
    },
    'flow.yml:2:53: target.tls.ca: no such file ca.pem (relative to the scenario file)',
  ],
  [
    'a client certificate without its key',
    {
      'flow.yml': scenario('      - { path: / }\n', '').replace(
        'url: "http://127.0.0.1:3000" }',
        'url: "https://127.0.0.1:3000", tls: { cert: c.pem } }',
      ),
      'c.pem': '-----BEGIN CERTIFICATE-----\n',
    },
    'flow.yml:2:49: target.tls: mutual TLS needs both "cert" and "key"',
  ],
];

describe('capplan validate: flows, data files, TLS', () => {
  it.each(CASES)('%s: one line with file:line:col, exit 2', async (_name, files, line) => {
    const result = await validate(files);
    expect(result.lines).toEqual([line]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.err).not.toMatch(STACK);
    expect(result.out).toBe('');
  });

  it('accepts a well-formed flow with a data file and says so', async () => {
    const steps =
      `${LOGIN}      - { name: checkout, method: POST, path: /checkout, ` +
      `headers: { authorization: "Bearer {{vars.token}}" }, think: 100ms }\n`;
    const result = await validate({ 'flow.yml': scenario(steps), 'users.csv': USERS });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.lines).toEqual([]);
  });
});

describe("capplan init: the starter's flows example", () => {
  it('validates once uncommented in place of requests', async () => {
    const { STARTER_SCENARIO } = await import('../../src/scenario/starter.js');
    const lines = STARTER_SCENARIO.split('\n');
    const start = lines.findIndex((l) => l.startsWith('requests:'));
    const end = lines.findIndex((l, i) => i > start && l === '');
    const withoutRequests = [...lines.slice(0, start), ...lines.slice(end)];
    const from = withoutRequests.findIndex((l) => l.startsWith('# data:'));
    const to = withoutRequests.findIndex((l, i) => i > from && l === '');
    const text = withoutRequests.map((l, i) => (i >= from && i < to ? l.slice(2) : l)).join('\n');
    expect(text).toMatch(/^flows:$/m);
    expect(text).toMatch(/^data: \{ file: users\.csv/m);
    const result = await validate({ 'flow.yml': text, 'users.csv': USERS });
    expect(result.lines).toEqual([]);
    expect(result.code).toBe(ExitCode.ok);
  });
});
