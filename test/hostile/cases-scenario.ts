/** Hostile scenarios: what passes `validate` must be runnable, and secrets never leak. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Case } from './case.js';
import { okTarget, recorded, RUN, runAgainst } from './plans.js';
import { scenarioText } from './scenarios.js';

export const SCENARIO_CASES: Case[] = [
  {
    name: 'credentials in the target URL',
    item: '10',
    setup: runAgainst(
      okTarget,
      (s) => ({
        code: 2,
        first: /^load\.yml:4:\d+: target\.url: credentials in the URL are not sent/,
        record: null,
        also: (o) => {
          expect(o.stdout + o.stderr).not.toContain('s3cret');
          expect(s.requests()).toBe(0);
        },
      }),
      { scenario: (url) => scenarioText(url.replace('http://', 'http://admin:s3cret@')) },
    ),
  },
  {
    name: 'CRLF in a header value',
    item: '13',
    setup: async ({ write }) => {
      write(
        'load.yml',
        scenarioText('http://127.0.0.1:9', {
          target: '  url: http://127.0.0.1:9\n  headers: { x-a: "v\\r\\nx-b: 1" }',
        }),
      );
      return {
        args: ['validate', 'load.yml'],
        expect: {
          code: 2,
          first: /^load\.yml:5:\d+: target\.headers\.x-a: a header value may not contain a line break/,
          record: null,
        },
      };
    },
  },
  {
    name: 'CRLF in a path',
    item: '13',
    setup: async ({ write }) => {
      write('load.yml', scenarioText('http://127.0.0.1:9', { requests: '  - { name: home, path: "/a\\r\\nb" }' }));
      return {
        args: ['validate', 'load.yml'],
        expect: { code: 2, first: /^load\.yml:7:\d+: requests\[0\]\.path: .*line break/, record: null },
      };
    },
  },
  {
    name: 'demo.pool: 1000000000',
    item: '13',
    setup: async ({ write }) => {
      write('load.yml', scenarioText('', { target: '  demo: { pool: 1000000000, hold: 5ms }' }));
      return {
        args: ['validate', 'load.yml'],
        expect: { code: 2, first: /^load\.yml:4:\d+: target\.demo\.pool: at most 10000/, record: null },
      };
    },
  },
  {
    name: 'two YAML documents',
    item: '12',
    setup: async ({ write }) => {
      write('load.yml', `${scenarioText('http://127.0.0.1:9')}---\nname: second\n`);
      return {
        args: ['validate', 'load.yml'],
        expect: { code: 2, first: /^load\.yml:\d+:\d+: only one YAML document per scenario/, record: null },
      };
    },
  },
  {
    name: 'scenario of 3,000 requests',
    item: '13 (compact record)',
    setup: runAgainst(
      okTarget,
      recorded((_o, { dir }) => {
        const scenarioBytes = statSync(join(dir, 'load.yml')).size;
        expect(statSync(join(dir, 'out/run.json')).size).toBeLessThan(3 * scenarioBytes);
        expect(readFileSync(join(dir, 'out/run.json'), 'utf8')).not.toContain('\n  ');
      }),
      {
        scenario: (url) => {
          const requests = Array.from({ length: 3000 }, (_, i) => `  - { name: r${i}, path: /p/${i}, weight: 1 }`).join(
            '\n',
          );
          return scenarioText(url, { requests, stages: '    - { duration: 1s, concurrency: 1 }' });
        },
        args: [...RUN, '--format', 'json'],
        timeoutMs: 30_000,
      },
    ),
  },
];
