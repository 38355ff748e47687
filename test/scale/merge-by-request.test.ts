/**
 * Shard merge of per-request results is exact: merged counters are the shards' sums, and each
 * endpoint's merged p99 (window and step) is the p99 of one histogram fed every latency of
 * that endpoint from every shard.
 */
import { describe, expect, it } from 'vitest';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { parseRunRecord } from '../../src/record/schema.js';
import { mergeShardRecords } from '../../src/scale/merge-shards.js';
import { createRng } from '../helpers/rng.js';
import { buildRecord, encodeLatencies, type WindowSpec } from './records.js';

const NAMES = ['catalogue', 'checkout'] as const;
const PHASES = [
  { stage: 'baseline', level: 10 },
  { stage: 'spike', level: 60 },
];

function shards(count: number): {
  records: ReturnType<typeof buildRecord>[];
  all: Map<string, number[]>;
  errors: Map<string, number>;
} {
  const random = createRng(11);
  const all = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const records = Array.from({ length: count }, (_, index) => {
    const windows: WindowSpec[] = [];
    PHASES.forEach(({ stage, level }, phaseIndex) => {
      for (let w = 0; w < 3; w++) {
        const byRequest: NonNullable<WindowSpec['byRequest']> = {};
        for (const name of NAMES) {
          const slow = name === 'checkout' && phaseIndex === 1 ? 4 : 1;
          const latenciesUs = Array.from(
            { length: 40 + Math.floor(random() * 40) },
            () => 5000 * slow * (0.5 + random() * random() * 3),
          );
          const failed = slow > 1 ? 1 + Math.floor(random() * 5) : 0;
          byRequest[name] = { latenciesUs, errors: failed };
          const key = `${phaseIndex}/${name}`;
          all.set(key, [...(all.get(key) ?? []), ...latenciesUs]);
          errors.set(key, (errors.get(key) ?? 0) + failed);
        }
        const latenciesUs = NAMES.flatMap((n) => byRequest[n]!.latenciesUs);
        const windowErrors = NAMES.reduce((n, name) => n + (byRequest[name]!.errors ?? 0), 0);
        windows.push({
          phaseIndex,
          stage,
          level: level / count,
          phaseLevel: level,
          latenciesUs,
          errors: windowErrors,
          byRequest,
        });
      }
    });
    return buildRecord({
      windows,
      shard: { index, count },
      name: 'endpoints',
      startedAt: `2026-11-28T08:00:00.${index}00Z`,
    });
  });
  return { records, all, errors };
}

describe('mergeShardRecords: per-request results', () => {
  const { records, all, errors } = shards(3);
  const merged = mergeShardRecords(records.map((record, i) => ({ source: `shard-${i}.json`, record })));

  it('merged step p99 per endpoint equals the p99 of the combined histograms, and counters are sums', () => {
    expect(merged.steps).toHaveLength(2);
    merged.steps.forEach((step, phaseIndex) => {
      for (const name of NAMES) {
        const result = step.byRequest?.[name];
        const expected = summarizeEncoded(encodeLatencies(all.get(`${phaseIndex}/${name}`)!));
        expect(result?.latencyMs).toEqual(expected);
        expect(summarizeEncoded(result!.hdr)).toEqual(expected);
        expect(result!.ok).toBe(all.get(`${phaseIndex}/${name}`)!.length);
        expect(result!.errorCount).toBe(errors.get(`${phaseIndex}/${name}`));
        expect(result!.errors).toEqual(result!.errorCount > 0 ? { 'http-503': result!.errorCount } : {});
        expect(result!.sent).toBe(result!.ok + result!.errorCount);
      }
    });
    // the spike's checkout is ~4x slower than the baseline's: a real difference survived the merge
    expect(merged.steps[1]!.byRequest!['checkout']!.latencyMs.p99).toBeGreaterThan(
      2.5 * merged.steps[0]!.byRequest!['checkout']!.latencyMs.p99,
    );
  });

  it('every merged window per endpoint equals the sum over shards of that second', () => {
    merged.windows.forEach((w, k) => {
      for (const name of NAMES) {
        const parts = records.map((r) => r.windows[k]!.byRequest![name]!);
        expect(w.byRequest![name]!.ok).toBe(parts.reduce((n, p) => n + p.ok, 0));
        expect(w.byRequest![name]!.latencyMs.count).toBe(w.byRequest![name]!.ok);
      }
    });
  });

  it('the merged record is a valid RunRecord with byRequest', () => {
    const parsed = parseRunRecord(JSON.parse(JSON.stringify({ ...merged, analysis: records[0]!.analysis })), 'merged');
    expect(Object.keys(parsed.steps[0]!.byRequest!)).toEqual([...NAMES]);
  });
});
