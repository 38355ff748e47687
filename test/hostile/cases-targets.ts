/** Hostile targets: what a misbehaving service can do to a run. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRunRecord } from '../../src/record/read.js';
import type { Case } from './case.js';
import { scenarioText } from './scenarios.js';
import { bigBody, httpTarget, plain, rawTarget, selfSignedTarget } from './targets.js';

const RUN = ['run', 'load.yml', '--workers', '1', '--no-progress', '--out', 'out'];
const ESC = '\u001b';

/** A target that answers the preflight request normally and then `rest` for every request. */
function afterPreflight(rest: Parameters<typeof httpTarget>[0]): ReturnType<typeof httpTarget> {
  return httpTarget((res, n) => (n === 1 ? plain(res, 200, 'ok') : rest(res, n)));
}

function errorKinds(dir: string): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const w of readRunRecord(join(dir, 'out/run.json')).windows) {
    for (const [k, v] of Object.entries(w.errors)) kinds[k] = (kinds[k] ?? 0) + v;
  }
  return kinds;
}

export const TARGET_CASES: Case[] = [
  {
    name: 'never-answering target',
    item: 'passes, 12 (slow-headers)',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget(() => undefined));
      write('load.yml', scenarioText(s.url, { timeout: '400ms' }));
      return {
        args: RUN,
        expect: { code: 3, first: /^capplan: target http:\/\/127\.0\.0\.1:\d+ .*\(slow-headers\)/, record: null },
      };
    },
  },
  {
    name: '50 MB body',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget((res) => bigBody(res, 50)));
      write('load.yml', scenarioText(s.url, { timeout: '5s', stages: '    - { duration: 1s, concurrency: 1 }' }));
      return { args: RUN, expect: { code: 0, first: '', record: 'out/run.json' } };
    },
  },
  {
    name: 'invalid HTTP',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await rawTarget('garbage\r\n\r\n'));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 3,
          first: /^capplan: target http:\/\/127\.0\.0\.1:\d+ did not answer with valid HTTP/,
          record: null,
        },
      };
    },
  },
  {
    name: 'connection resets',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget((res) => (res.socket as { resetAndDestroy: () => void }).resetAndDestroy()));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: { code: 3, first: /^capplan: target http:\/\/127\.0\.0\.1:\d+ closed the connection/, record: null },
      };
    },
  },
  {
    name: 'resets after preflight',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await afterPreflight((res) => (res.socket as { resetAndDestroy: () => void }).resetAndDestroy()));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (o, { dir }) => {
            expect(Object.keys(errorKinds(dir))).toEqual(['socket-reset']);
            expect(o.stdout).toMatch(/target failing/i);
          },
        },
      };
    },
  },
  {
    name: 'redirect loop',
    item: 'passes, 12 (target failing)',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget((res) => plain(res, 302, '', { location: '/' })));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (o, { dir }) => {
            expect(Object.keys(errorKinds(dir))).toEqual(['http-302']);
            expect(o.stdout).toMatch(/target failing[\s\S]*http-302/i);
            expect(o.stdout).not.toMatch(/error onset: none/i);
          },
        },
      };
    },
  },
  {
    name: '64 KB headers at preflight',
    item: 'passes, 12 (headers-overflow)',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget((res) => plain(res, 200, 'ok', { 'x-big': 'a'.repeat(65_000) })));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: { code: 3, first: /^capplan: target http:\/\/127\.0\.0\.1:\d+ .*\(headers-overflow\)/, record: null },
      };
    },
  },
  {
    name: '64 KB headers after preflight',
    item: '12 (headers-overflow kind)',
    setup: async ({ keep, write }) => {
      const s = keep(await afterPreflight((res) => plain(res, 200, 'ok', { 'x-big': 'a'.repeat(65_000) })));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (_o, { dir }) => {
            expect(Object.keys(errorKinds(dir))).toEqual(['headers-overflow']);
          },
        },
      };
    },
  },
  {
    name: 'TLS to a plain HTTP port',
    item: '12 (tls-handshake)',
    setup: async ({ keep, write }) => {
      const s = keep(await httpTarget((res) => plain(res, 200, 'ok')));
      write('load.yml', scenarioText(s.url.replace('http:', 'https:')));
      return {
        args: RUN,
        expect: {
          code: 3,
          first: /^capplan: target https:\/\/127\.0\.0\.1:\d+ refused by TLS: .*wrong version number/,
          record: null,
        },
      };
    },
  },
  {
    name: 'self-signed certificate',
    item: '12 (tls-cert)',
    setup: async ({ keep, write }) => {
      const s = keep(await selfSignedTarget());
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 3,
          first: /^capplan: target https:\/\/127\.0\.0\.1:\d+ refused by TLS: self-signed certificate$/,
          record: null,
        },
      };
    },
  },
  {
    name: 'Server-Timing dur=1e400 and -5',
    item: '2 (record readable)',
    setup: async ({ keep, write }) => {
      const s = keep(
        await httpTarget((res, n) =>
          plain(res, 200, 'ok', { 'server-timing': n % 2 ? 'db;dur=1e400' : 'pool;dur=-5' }),
        ),
      );
      write('load.yml', scenarioText(s.url));
      // Server-Timing is parsed defensively (engine/server-timing.ts): 1e400 and -5 are ignored
      // and counted as malformed, the run is ordinary and its record readable.
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (o, { dir }) => {
            expect(o.stdout).toContain('hostile');
            expect(existsSync(join(dir, 'out/run.invalid.json'))).toBe(false);
            const record = JSON.parse(readFileSync(join(dir, 'out/run.json'), 'utf8')) as {
              windows: { serverTiming: { malformed?: number; dbSumMs: number; poolSumMs: number } }[];
            };
            const malformed = record.windows.reduce((n, w) => n + (w.serverTiming.malformed ?? 0), 0);
            expect(malformed).toBeGreaterThan(0);
            for (const w of record.windows)
              expect(Number.isFinite(w.serverTiming.dbSumMs + w.serverTiming.poolSumMs)).toBe(true);
          },
        },
      };
    },
  },
  {
    name: 'ESC sequences in error bodies',
    item: '11',
    setup: async ({ keep, write }) => {
      const s = keep(await afterPreflight((res) => plain(res, 500, `${ESC}[2J${ESC}]0;pwned\u0007 boom\r`)));
      write('load.yml', scenarioText(s.url));
      return {
        args: [...RUN, '--format', 'json,md'],
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (o, ctx) => {
            expect(o.stdout).toContain('boom');
            expect(controls(o.stdout + o.stderr)).toEqual([]);
            expect(controls(readFileText(ctx.dir, 'out/report.md'))).toEqual([]);
          },
        },
      };
    },
  },
  {
    name: 'status 600-999',
    item: '12 (real code)',
    setup: async ({ keep, write }) => {
      const s = keep(await afterPreflight((res) => plain(res, 799, 'odd')));
      write('load.yml', scenarioText(s.url));
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (_o, { dir }) => {
            expect(Object.keys(errorKinds(dir))).toEqual(['http-799']);
          },
        },
      };
    },
  },
  {
    name: '100 % errors in a sweep',
    item: '12 (target failing)',
    setup: async ({ keep, write }) => {
      const s = keep(await afterPreflight((res) => plain(res, 500, 'down')));
      const sweep = 'load:\n  model: closed\n  sweep: { from: 1, to: 4, hold: 500ms, warmup: 0ms, refine: 0 }\n';
      write('load.yml', scenarioText(s.url).replace(/load:[\s\S]*$/, sweep));
      return {
        args: RUN,
        expect: {
          code: 0,
          first: '',
          record: 'out/run.json',
          also: (o) => {
            expect(o.stdout).toMatch(/target failing[\s\S]*http-500/i);
            expect(o.stdout).not.toMatch(/goodput still rises/i);
          },
        },
      };
    },
  },
];

/** Control characters other than newline (codes below 32, DEL): what must never reach a terminal. */
function controls(text: string): number[] {
  const found: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && code !== 10) || code === 127) found.push(code);
  }
  return found;
}

function readFileText(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
