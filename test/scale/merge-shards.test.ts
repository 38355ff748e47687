import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { parseRunRecord } from '../../src/record/schema.js';
import type { RunRecord } from '../../src/record/types.js';
import { mergeShardRecords, type ShardInput } from '../../src/scale/merge-shards.js';
import { buildRecord, EMPTY_ANALYSIS, encodeLatencies, SWEEP_LEVELS, syntheticShards } from './records.js';

const inputs = (records: readonly RunRecord[]): ShardInput[] =>
  records.map((record, i) => ({ source: `shard-${i}/run.json`, record }));
const total = (records: readonly RunRecord[], pick: (w: RunRecord['windows'][number]) => number): number =>
  records.reduce((acc, r) => acc + r.windows.reduce((a, w) => a + pick(w), 0), 0);

function mergeError(records: readonly ShardInput[], partial = false): string {
  try {
    mergeShardRecords(records, { partial });
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected mergeShardRecords to throw');
}

describe('mergeShardRecords: exact sums', () => {
  const { shards, latenciesByPhase, latenciesByWindow } = syntheticShards(3);
  const merged = mergeShardRecords(inputs(shards));

  it('request counts, errors, bytes and latency sums are the sums of the shards', () => {
    expect(merged.windows).toHaveLength(shards[0]!.windows.length);
    for (const key of ['ok', 'errorCount', 'sent', 'intended', 'bytesIn', 'okLatencySumUs'] as const) {
      expect(total([{ ...shards[0]!, windows: merged.windows }], (w) => w[key])).toBe(total(shards, (w) => w[key]));
    }
    const okAll = total(shards, (w) => w.ok);
    expect(okAll).toBeGreaterThan(2000);
    expect(merged.steps.reduce((a, s) => a + s.ok, 0)).toBe(
      shards.reduce((a, r) => a + r.steps.reduce((b, s) => b + s.ok, 0), 0),
    );
  });

  it('levels are the sums of the shares: the global sweep levels', () => {
    expect(merged.steps.map((s) => s.level)).toEqual([...SWEEP_LEVELS]);
    expect(merged.steps.map((s) => s.label)).toEqual(['probe', 'c=4', 'c=8', 'c=16', 'c=32']);
    expect(merged.windows.map((w) => w.level)).toEqual(SWEEP_LEVELS.flatMap((l) => [l, l, l, l]));
  });

  it('merged step percentiles equal those of one histogram fed every value, exactly', () => {
    for (const step of merged.steps) {
      const all = latenciesByPhase.get(step.phaseIndex)!;
      const combined = summarizeEncoded(encodeLatencies(all));
      expect(step.latencyMs).toEqual(combined);
      expect(step.latencyMs.count).toBe(all.length);
    }
  });

  it('merged window percentiles equal those of one histogram fed every value of that second, exactly', () => {
    merged.windows.forEach((w, k) => {
      expect(w.latencyMs).toEqual(summarizeEncoded(encodeLatencies(latenciesByWindow[k]!)));
    });
    expect(merged.windows[9]!.latencyMs.count).toBe(shards.reduce((a, s) => a + s.windows[9]!.latencyMs.count, 0));
  });

  it('errors, status maps, quarter buckets, Server-Timing are summed; generator: max delay, mean utilization', () => {
    const w = merged.windows[14]!;
    const parts = shards.map((s) => s.windows[14]!);
    expect(w.errors['http-5xx']).toBe(parts.reduce((a, p) => a + (p.errors['http-5xx'] ?? 0), 0));
    expect(w.status['200']).toBe(parts.reduce((a, p) => a + (p.status['200'] ?? 0), 0));
    expect(w.quarterOk[0]).toBe(parts.reduce((a, p) => a + p.quarterOk[0]!, 0));
    expect(w.serverTiming.dbCount).toBe(parts.reduce((a, p) => a + p.serverTiming.dbCount, 0));
    expect(w.inFlight).toBe(parts.reduce((a, p) => a + p.inFlight, 0));
    expect(w.generator.loopDelayP99Ms).toBe(Math.max(...parts.map((p) => p.generator.loopDelayP99Ms)));
    expect(w.generator.utilization).toBeCloseTo(0.5, 12);
  });

  it('steps: rates from the merged windows, Server-Timing means, error rate', () => {
    const step = merged.steps[4]!;
    expect(step.goodputPerSec).toBe(step.ok / 3);
    expect(step.errorRate).toBeCloseTo(step.errorCount / (step.ok + step.errorCount), 12);
    expect(step.errorCount).toBe(3 * (1 + 2 + 3));
    expect(step.serverTiming).toEqual({ holdMs: 5, waitMs: 2, samples: step.ok });
    expect(step.windowRange).toEqual([17, 19]);
  });

  it('replaces environment.shard with environment.merged, and the result is a valid record', () => {
    expect(merged.environment.shard).toBeUndefined();
    expect(merged.environment.merged).toEqual({ count: 3, indexes: [0, 1, 2] });
    expect(merged.environment.workers).toBe(3);
    expect(merged.startedAt).toBe('2026-11-28T08:00:00.000Z');
    expect(merged.warnings).toContain(
      "shards started up to 200 ms apart; windows were aligned by index from each shard's own start",
    );
    expect(() => parseRunRecord({ ...merged, analysis: EMPTY_ANALYSIS }, 'merged')).not.toThrow();
  });

  it('is independent of the order the shards are given in', () => {
    const reversed = mergeShardRecords(inputs([...shards].reverse()));
    expect(reversed.steps).toEqual(merged.steps);
    expect(reversed.windows).toEqual(merged.windows);
  });
});

describe('mergeShardRecords: status, skew, partial', () => {
  it('status is the worst of the shards, with the aborted shard named', () => {
    const { shards } = syntheticShards(3);
    shards[1] = { ...shards[1]!, status: 'interrupted' };
    shards[2] = { ...shards[2]!, status: 'aborted', abortReason: 'safety stop: error rate 60% over 10s' };
    const merged = mergeShardRecords(inputs(shards));
    expect(merged.status).toBe('aborted');
    expect(merged.abortReason).toBe('shard 2/3: safety stop: error rate 60% over 10s');
  });

  it('merges only the windows every shard recorded, and says so', () => {
    const { shards } = syntheticShards(2);
    shards[1] = { ...shards[1]!, windows: shards[1]!.windows.slice(0, -2), status: 'interrupted' };
    const merged = mergeShardRecords(inputs(shards));
    expect(merged.windows).toHaveLength(shards[0]!.windows.length - 2);
    expect(merged.warnings).toContain('2 window(s) recorded by only some shards were left out');
    expect(merged.steps.at(-1)!.windowRange).toEqual([17, 17]);
  });

  it('adds the drain windows (completions after the stop) of every shard into one, after the others', () => {
    const { shards } = syntheticShards(3);
    const withDrain = (r: RunRecord, ok: number): RunRecord =>
      buildRecord({
        windows: [
          ...r.windows.map((w) => ({
            phaseIndex: w.phaseIndex,
            stage: w.stage,
            level: w.level,
            phaseLevel: SWEEP_LEVELS[w.phaseIndex]!,
            warmup: w.warmup,
            latenciesUs: Array.from({ length: w.ok }, () => 1000),
          })),
          {
            phaseIndex: 4,
            stage: 'c=32',
            level: 0,
            phaseLevel: 32,
            latenciesUs: Array.from({ length: ok }, () => 2000),
            drain: true,
          },
        ],
        shard: r.environment.shard!,
      });
    // Shard 2 had nothing in flight at the stop: no drain window.
    const drained = [
      withDrain(shards[0]!, 7),
      withDrain(shards[1]!, 5),
      { ...shards[2]!, windows: shards[2]!.windows },
    ];
    const merged = mergeShardRecords(inputs(drained));
    const last = merged.windows.at(-1)!;
    expect(last.drain).toBe(true);
    expect(last.ok).toBe(12);
    expect(last.tMs).toBe(20_000);
    expect(merged.windows.filter((w) => w.drain === true)).toHaveLength(1);
    expect(total([{ ...shards[0]!, windows: merged.windows }], (w) => w.ok)).toBe(total(drained, (w) => w.ok));
    expect(merged.warnings.some((w) => w.includes('left out'))).toBe(false);
    expect(merged.steps.at(-1)!.windowRange).toEqual([17, 19]);
  });

  it('refuses shards that started more than one window apart', () => {
    const { shards } = syntheticShards(2);
    shards[1] = { ...shards[1]!, startedAt: '2026-11-28T08:00:03.500Z' };
    expect(mergeError(inputs(shards))).toBe(
      'shards started 3.5 s apart (shard-0/run.json at 2026-11-28T08:00:00.000Z, ' +
        'shard-1/run.json at 2026-11-28T08:00:03.500Z); merge aligns windows by index and tolerates 1 s',
    );
  });

  it('--partial merges an incomplete set and warns', () => {
    const { shards } = syntheticShards(3);
    const merged = mergeShardRecords(inputs([shards[0]!, shards[2]!]), { partial: true });
    expect(merged.environment.merged).toEqual({ count: 3, indexes: [0, 2] });
    expect(merged.warnings[0]).toBe("partial merge: 2 of 3 shards (0, 2); the load is short of the scenario's");
  });
});

describe('mergeShardRecords: shards that do not belong together', () => {
  const { shards } = syntheticShards(3);

  it('a different scenario', () => {
    const other = { ...shards[2]!, scenario: { ...shards[2]!.scenario, name: 'other', sha256: 'b'.repeat(64) } };
    expect(mergeError(inputs([shards[0]!, shards[1]!, other]))).toBe(
      'shard-2/run.json is of a different scenario than shard-0/run.json ' +
        '("other" sha256 bbbbbbbbbbbb vs "sweep" aaaaaaaaaaaa)',
    );
  });

  it('a duplicated index', () => {
    expect(mergeError(inputs([shards[0]!, shards[1]!, shards[1]!]))).toBe(
      'shard-1/run.json and shard-2/run.json are both shard 1/3: each index may appear once',
    );
  });

  it('a missing shard', () => {
    expect(mergeError(inputs([shards[0]!, shards[2]!]))).toBe(
      "missing shard 1/3 (have 0/3, 2/3); pass every shard's run.json, or --partial to merge an incomplete set",
    );
  });

  it('different shard counts', () => {
    const four = syntheticShards(4).shards[3]!;
    expect(mergeError(inputs([shards[0]!, four]))).toBe(
      'shard-1/run.json is shard 3/4 but shard-0/run.json is 0/3: different shard counts',
    );
  });

  it('a record that is not a shard', () => {
    const single = buildRecord({ windows: [{ phaseIndex: 0, stage: 'probe', level: 1, latenciesUs: [1000] }] });
    expect(mergeError(inputs([single]))).toBe('shard-0/run.json is not a shard record: it has no environment.shard');
  });

  it('different schedules (sweep levels decided at run time)', () => {
    const changed = {
      ...shards[1]!,
      windows: shards[1]!.windows.map((w, i) => (i === 18 ? { ...w, stage: 'c=24' } : w)),
    };
    expect(mergeError(inputs([shards[0]!, changed, shards[2]!]))).toBe(
      'shards ran different schedules: at 18 s shard-0/run.json is ' +
        'in phase 4 "c=32" but shard-1/run.json in phase 4 "c=24"',
    );
  });

  it('different step levels (a refinement level chosen differently)', () => {
    const changed = {
      ...shards[2]!,
      steps: shards[2]!.steps.map((st, i) => (i === 3 ? { ...st, level: 12, fromLevel: 12 } : st)),
    };
    expect(mergeError(inputs([shards[0]!, shards[1]!, changed]))).toBe(
      'shards ran different schedules: step 3 is "c=16" at level 16 (phase 3) ' +
        'in shard-0/run.json but "c=16" at level 12 (phase 3) in shard-2/run.json',
    );
  });
});
