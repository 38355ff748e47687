/** Hostile files and numbers: records that are not records, huge runs, absurd planner inputs. */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunRecord } from '../../src/record/types.js';
import { buildRecord, syntheticShards } from '../scale/records.js';
import type { Case } from './case.js';

/** A run of `count` one-second windows (a 12-hour soak is 43,200), one stage, cheap to build. */
export function longRecord(count: number): RunRecord {
  const base = buildRecord({ windows: [{ phaseIndex: 0, stage: 'soak', level: 4, latenciesUs: [4000, 5000, 9000] }] });
  const w0 = base.windows[0]!;
  const windows = Array.from({ length: count }, (_, i) => ({ ...w0, tMs: i * 1000, inFlight: 3 + (i % 7 === 0 ? 40 : 0) }));
  return { ...base, windows, durationMs: count * 1000, endedAt: new Date(Date.parse(base.startedAt) + count * 1000).toISOString() };
}

function corruptShards(dir: string, write: (name: string, c: string) => string, hdr: string): string[] {
  const { shards } = syntheticShards(2);
  shards[1]!.windows[3]!.hdr = hdr;
  return shards.map((s, i) => write(`shard-${i}.json`, JSON.stringify(s)).replace(`${dir}/`, ''));
}

export const FILE_CASES: Case[] = [
  {
    name: 'analyze /dev/zero', item: '4',
    setup: async () => ({ args: ['analyze', '/dev/zero'], timeoutMs: 8000,
      expect: { code: 2, first: /^capplan: \/dev\/zero is not a regular file/, record: null } }),
  },
  {
    name: 'report a FIFO', item: '4',
    setup: async ({ dir }) => {
      execFileSync('mkfifo', [join(dir, 'pipe.json')]);
      return { args: ['report', 'pipe.json'], timeoutMs: 8000, expect: { code: 2, first: /^capplan: \S*pipe\.json is not a regular file/, record: null } };
    },
  },
  {
    name: 'compare a record above the size limit', item: '4',
    setup: async ({ write }) => {
      write('big.json', JSON.stringify(longRecord(3000)));
      return { args: ['compare', '--baseline', 'big.json', '--candidate', 'big.json'], env: { CAPPLAN_MAX_RECORD_MB: '1' },
        expect: { code: 2, first: /^capplan: \S*big\.json is \d+\.\d MiB; run records are limited to 1 MiB/, record: null } };
    },
  },
  {
    name: 'report a 12-hour soak (43,200 windows)', item: '5',
    setup: async ({ write }) => {
      write('soak.json', JSON.stringify(longRecord(43_200)));
      return { args: ['report', 'soak.json', '--format', 'html,md,junit', '--out', 'rep'], timeoutMs: 30_000,
        expect: { code: 0, first: '', record: 'soak.json', also: (_o, { dir }) => {
          expect(statSync(join(dir, 'rep/report.html')).size).toBeLessThan(2_000_000);
        } } };
    },
  },
  {
    name: 'plan at 15,000 erlangs', item: '6',
    setup: async () => ({ args: ['plan', '--rate', '300000', '--hold', '50ms', '--p99', '250ms'],
      expect: { code: 0, first: '', record: null, also: (o) => expect(o.stdout).not.toMatch(/INFEASIBLE/) } }),
  },
  {
    name: 'plan at 1e11 req/s', item: '6',
    setup: async () => ({ args: ['plan', '--rate', '1e11', '--hold', '50ms', '--p99', '250ms'], timeoutMs: 8000,
      expect: { code: 2, first: /^capplan: --rate 1e11 is beyond what the planner sizes/, record: null, also: (o) => expect(o.ms).toBeLessThan(5000) } }),
  },
  {
    name: 'merge a corrupt histogram', item: '7',
    setup: async ({ dir, write }) => {
      const files = corruptShards(dir, write, 'HISTFAAAAbroken');
      return { args: ['merge', ...files, '-o', 'merged.json'],
        expect: { code: 2, first: /^capplan: shard-1\.json: windows\[3\]\.hdr is not a valid HDR histogram/, record: null } };
    },
  },
  {
    name: 'merge an empty histogram', item: '7',
    setup: async ({ dir, write }) => {
      const { encodeLatencies } = await import('../scale/records.js');
      const files = corruptShards(dir, write, encodeLatencies([]));
      return { args: ['merge', ...files, '-o', 'merged.json'],
        expect: { code: 2, first: /^capplan: shard-1\.json: windows\[3\]\.hdr holds 0 values but the window counts \d+ ok/, record: null } };
    },
  },
];
