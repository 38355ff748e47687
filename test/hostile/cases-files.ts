/** Hostile files and numbers: records that are not records, huge runs, absurd planner inputs. */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { longRecord } from '../helpers/long-record.js';
import { syntheticShards } from '../scale/records.js';
import type { Case } from './case.js';

/** Two shard files whose second has `hdr` in its first window with ok responses; returns the files and that window. */
function corruptShards(
  dir: string,
  write: (name: string, c: string) => string,
  hdr: string,
): { files: string[]; at: number } {
  const { shards } = syntheticShards(2);
  const at = shards[1]!.windows.findIndex((w) => w.ok > 0);
  shards[1]!.windows[at]!.hdr = hdr;
  return { files: shards.map((s, i) => write(`shard-${i}.json`, JSON.stringify(s)).replace(`${dir}/`, '')), at };
}

export const FILE_CASES: Case[] = [
  {
    name: 'analyze /dev/zero',
    item: '4',
    setup: async () => ({
      args: ['analyze', '/dev/zero'],
      timeoutMs: 8000,
      expect: { code: 2, first: /^capplan: \/dev\/zero is not a regular file/, record: null },
    }),
  },
  {
    name: 'report a FIFO',
    item: '4',
    setup: async ({ dir }) => {
      execFileSync('mkfifo', [join(dir, 'pipe.json')]);
      return {
        args: ['report', 'pipe.json'],
        timeoutMs: 8000,
        expect: { code: 2, first: /^capplan: \S*pipe\.json is not a regular file/, record: null },
      };
    },
  },
  {
    name: 'compare a record above the size limit',
    item: '4',
    setup: async ({ write }) => {
      write('big.json', JSON.stringify(longRecord(3000)));
      return {
        args: ['compare', '--baseline', 'big.json', '--candidate', 'big.json'],
        env: { CAPPLAN_MAX_RECORD_MB: '1' },
        expect: {
          code: 2,
          first: /^capplan: \S*big\.json is \d+\.\d MiB; run records are limited to 1 MiB/,
          record: null,
        },
      };
    },
  },
  {
    name: 'report a 12-hour soak (43,200 windows)',
    item: '5',
    setup: async ({ write }) => {
      write('soak.json', JSON.stringify(longRecord(43_200)));
      return {
        args: ['report', 'soak.json', '--format', 'html,md,junit', '--out', 'rep'],
        timeoutMs: 30_000,
        expect: {
          code: 0,
          first: '',
          record: 'soak.json',
          also: (_o, { dir }) => {
            expect(statSync(join(dir, 'rep/report.html')).size).toBeLessThan(2_000_000);
          },
        },
      };
    },
  },
  {
    name: 'plan at 15,000 erlangs',
    item: '6',
    setup: async () => ({
      args: ['plan', '--rate', '300000', '--hold', '50ms', '--p99', '250ms'],
      expect: { code: 0, first: '', record: null, also: (o) => expect(o.stdout).not.toMatch(/INFEASIBLE/) },
    }),
  },
  {
    name: 'plan at 1e11 req/s',
    item: '6',
    setup: async () => ({
      args: ['plan', '--rate', '1e11', '--hold', '50ms', '--p99', '250ms'],
      timeoutMs: 8000,
      expect: {
        code: 2,
        first: /^capplan: --rate 1e11 is beyond what the planner sizes/,
        record: null,
        also: (o) => expect(o.ms).toBeLessThan(5000),
      },
    }),
  },
  {
    name: 'merge a corrupt histogram',
    item: '7',
    setup: async ({ dir, write }) => {
      const { files, at } = corruptShards(dir, write, 'HISTFAAAAbroken');
      return {
        args: ['merge', ...files, '-o', 'merged.json'],
        expect: {
          code: 2,
          first: new RegExp(`^capplan: shard-1\\.json: windows\\[${at}\\]\\.hdr is not a valid HDR histogram`),
          record: null,
        },
      };
    },
  },
  {
    name: 'merge an empty histogram',
    item: '7',
    setup: async ({ dir, write }) => {
      const { encodeLatencies } = await import('../scale/records.js');
      const { files, at } = corruptShards(dir, write, encodeLatencies([]));
      return {
        args: ['merge', ...files, '-o', 'merged.json'],
        expect: {
          code: 2,
          first: new RegExp(
            `^capplan: shard-1\\.json: windows\\[${at}\\]\\.hdr holds 0 values but the window counts [1-9]\\d* ok`,
          ),
          record: null,
        },
      };
    },
  },
];
