/** Hostile targets: what a misbehaving service can do to a run. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRunRecord } from '../../src/record/read.js';
import type { Case } from './case.js';
import { okTarget, recorded, refused, RUN, runAgainst } from './plans.js';
import { scenarioText } from './scenarios.js';
import { bigBody, httpTarget, plain, rawTarget, selfSignedTarget } from './targets.js';

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

const resetAndDestroy: Parameters<typeof httpTarget>[0] = (res) =>
  (res.socket as { resetAndDestroy: () => void }).resetAndDestroy();
const bigHeaders: Parameters<typeof httpTarget>[0] = (res) => plain(res, 200, 'ok', { 'x-big': 'a'.repeat(65_000) });

export const TARGET_CASES: Case[] = [
  {
    name: 'never-answering target',
    item: 'passes, 12 (slow-headers)',
    setup: runAgainst(
      () => httpTarget(() => undefined),
      refused(/^capplan: target http:\/\/127\.0\.0\.1:\d+ .*\(slow-headers\)/),
      { scenario: (url) => scenarioText(url, { timeout: '400ms' }) },
    ),
  },
  {
    name: '50 MB body',
    item: 'passes',
    setup: runAgainst(() => httpTarget((res) => bigBody(res, 50)), recorded(), {
      scenario: (url) => scenarioText(url, { timeout: '5s', stages: '    - { duration: 1s, concurrency: 1 }' }),
    }),
  },
  {
    name: 'invalid HTTP',
    item: 'passes',
    setup: runAgainst(
      () => rawTarget('garbage\r\n\r\n'),
      refused(/^capplan: target http:\/\/127\.0\.0\.1:\d+ did not answer with valid HTTP/),
    ),
  },
  {
    name: 'connection resets',
    item: 'passes',
    setup: runAgainst(
      () => httpTarget(resetAndDestroy),
      refused(/^capplan: target http:\/\/127\.0\.0\.1:\d+ closed the connection/),
    ),
  },
  {
    name: 'resets after preflight',
    item: 'passes',
    setup: runAgainst(
      () => afterPreflight(resetAndDestroy),
      recorded((o, { dir }) => {
        expect(Object.keys(errorKinds(dir))).toEqual(['socket-reset']);
        expect(o.stdout).toMatch(/target failing/i);
      }),
    ),
  },
  {
    name: 'redirect loop',
    item: 'passes, 12 (target failing)',
    setup: runAgainst(
      () => httpTarget((res) => plain(res, 302, '', { location: '/' })),
      recorded((o, { dir }) => {
        expect(Object.keys(errorKinds(dir))).toEqual(['http-302']);
        expect(o.stdout).toMatch(/target failing[\s\S]*http-302/i);
        expect(o.stdout).not.toMatch(/error onset: none/i);
      }),
    ),
  },
  {
    name: '64 KB headers at preflight',
    item: 'passes, 12 (headers-overflow)',
    setup: runAgainst(
      () => httpTarget(bigHeaders),
      refused(/^capplan: target http:\/\/127\.0\.0\.1:\d+ .*\(headers-overflow\)/),
    ),
  },
  {
    name: '64 KB headers after preflight',
    item: '12 (headers-overflow kind)',
    setup: runAgainst(
      () => afterPreflight(bigHeaders),
      recorded((_o, { dir }) => {
        expect(Object.keys(errorKinds(dir))).toEqual(['headers-overflow']);
      }),
    ),
  },
  {
    name: 'TLS to a plain HTTP port',
    item: '12 (tls-handshake)',
    setup: runAgainst(
      okTarget,
      refused(/^capplan: target https:\/\/127\.0\.0\.1:\d+ refused by TLS: .*wrong version number/),
      { scenario: (url) => scenarioText(url.replace('http:', 'https:')) },
    ),
  },
  {
    name: 'self-signed certificate',
    item: '12 (tls-cert)',
    setup: runAgainst(
      selfSignedTarget,
      refused(/^capplan: target https:\/\/127\.0\.0\.1:\d+ refused by TLS: self-signed certificate$/),
    ),
  },
  {
    name: 'Server-Timing dur=1e400 and -5',
    item: '2 (record readable)',
    // Server-Timing is parsed defensively (engine/server-timing.ts): 1e400 and -5 are ignored
    // and counted as malformed, the run is ordinary and its record readable.
    setup: runAgainst(
      () => httpTarget((res, n) => plain(res, 200, 'ok', { 'server-timing': n % 2 ? 'db;dur=1e400' : 'pool;dur=-5' })),
      recorded((o, { dir }) => {
        expect(o.stdout).toContain('hostile');
        expect(existsSync(join(dir, 'out/run.invalid.json'))).toBe(false);
        const record = JSON.parse(readFileSync(join(dir, 'out/run.json'), 'utf8')) as {
          windows: { serverTiming: { malformed?: number; dbSumMs: number; poolSumMs: number } }[];
        };
        const malformed = record.windows.reduce((n, w) => n + (w.serverTiming.malformed ?? 0), 0);
        expect(malformed).toBeGreaterThan(0);
        for (const w of record.windows)
          expect(Number.isFinite(w.serverTiming.dbSumMs + w.serverTiming.poolSumMs)).toBe(true);
      }),
    ),
  },
  {
    name: 'ESC sequences in error bodies',
    item: '11',
    setup: runAgainst(
      () => afterPreflight((res) => plain(res, 500, `${ESC}[2J${ESC}]0;pwned\u0007 boom\r`)),
      recorded((o, ctx) => {
        expect(o.stdout).toContain('boom');
        expect(controls(o.stdout + o.stderr)).toEqual([]);
        expect(controls(readFileText(ctx.dir, 'out/report.md'))).toEqual([]);
      }),
      { args: [...RUN, '--format', 'json,md'] },
    ),
  },
  {
    name: 'status 600-999',
    item: '12 (real code)',
    setup: runAgainst(
      () => afterPreflight((res) => plain(res, 799, 'odd')),
      recorded((_o, { dir }) => {
        expect(Object.keys(errorKinds(dir))).toEqual(['http-799']);
      }),
    ),
  },
  {
    name: '100 % errors in a sweep',
    item: '12 (target failing)',
    setup: runAgainst(
      () => afterPreflight((res) => plain(res, 500, 'down')),
      recorded((o) => {
        expect(o.stdout).toMatch(/target failing[\s\S]*http-500/i);
        expect(o.stdout).not.toMatch(/goodput still rises/i);
      }),
      {
        scenario: (url) =>
          scenarioText(url).replace(
            /load:[\s\S]*$/,
            'load:\n  model: closed\n  sweep: { from: 1, to: 4, hold: 500ms, warmup: 0ms, refine: 0 }\n',
          ),
      },
    ),
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
