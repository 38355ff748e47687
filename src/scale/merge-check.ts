/**
 * Checks that shard records belong together before `mergeShardRecords` adds them (pure).
 * Each failure is a RecordError with one line naming the files involved (the CLI: exit 2).
 */
import { RecordError } from '../errors.js';
import type { RunRecord } from '../record/types.js';
import { maxOf, minOf } from '../stats/index.js';

/** A shard record and where it came from (a path, for messages). */
export type ShardInput = { source: string; record: RunRecord };

/** A checked shard: `index` and `count` are 0-based index and total, from `environment.shard`. */
export type CheckedShard = ShardInput & { index: number; count: number };

/** Shards may start this far apart (ms) and still be merged window by window. */
export const MAX_START_SKEW_MS = 1000;

const HINT_SAME_RUN = 'merge the run.json files of one `capplan run --shard i/n` set (same scenario, same n)';

/**
 * Returns the shards sorted by index, or throws RecordError when they don't belong together:
 * not shard records, different scenarios (sha256), different shard counts, duplicated
 * indexes, a missing index (unless `partial`), or starts more than one window apart.
 */
export function checkShards(inputs: readonly ShardInput[], partial: boolean): CheckedShard[] {
  if (inputs.length === 0) throw new RecordError('no shard records to merge');
  const shards = inputs.map(toChecked);
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    if (s.record.scenario.sha256 !== first.record.scenario.sha256) {
      throw new RecordError(
        `${s.source} is of a different scenario than ${first.source} ("${s.record.scenario.name}" sha256 ` +
          `${short(s.record.scenario.sha256)} vs "${first.record.scenario.name}" ` +
          `${short(first.record.scenario.sha256)})`,
        { hint: HINT_SAME_RUN },
      );
    }
    if (s.count !== first.count) {
      throw new RecordError(
        `${s.source} is shard ${s.index}/${s.count} but ${first.source} ` +
          `is ${first.index}/${first.count}: different shard counts`,
        { hint: HINT_SAME_RUN },
      );
    }
  }
  const byIndex = new Map<number, CheckedShard>();
  for (const s of shards) {
    const other = byIndex.get(s.index);
    if (other !== undefined) {
      throw new RecordError(
        `${other.source} and ${s.source} are both shard ${s.index}/${s.count}: each index may appear once`,
        { hint: HINT_SAME_RUN },
      );
    }
    byIndex.set(s.index, s);
  }
  const missing = [...Array(first.count).keys()].filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !partial) {
    const have = [...byIndex.keys()]
      .sort((a, b) => a - b)
      .map((i) => `${i}/${first.count}`)
      .join(', ');
    throw new RecordError(
      `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${first.count}`).join(', ')} ` +
        `(have ${have}); pass every shard's run.json, or --partial to merge an incomplete set`,
    );
  }
  const sorted = [...byIndex.values()].sort((a, b) => a.index - b.index);
  checkSkew(sorted);
  return sorted;
}

function toChecked(input: ShardInput): CheckedShard {
  const shard = input.record.environment.shard;
  if (shard === undefined) {
    const merged = input.record.environment.merged !== undefined ? ' (it is already a merged record)' : '';
    throw new RecordError(`${input.source} is not a shard record: it has no environment.shard${merged}`, {
      hint: 'merge takes the run.json that each `capplan run --shard i/n` wrote',
    });
  }
  return { ...input, index: shard.index, count: shard.count };
}

function checkSkew(shards: readonly CheckedShard[]): void {
  const starts = shards.map((s) => ({ s, ms: Date.parse(s.record.startedAt) }));
  const valid = starts.filter((x) => !Number.isNaN(x.ms));
  if (valid.length < 2) return;
  const earliest = valid.reduce((a, b) => (b.ms < a.ms ? b : a));
  const latest = valid.reduce((a, b) => (b.ms > a.ms ? b : a));
  const skewMs = latest.ms - earliest.ms;
  if (skewMs > MAX_START_SKEW_MS) {
    throw new RecordError(
      `shards started ${(skewMs / 1000).toFixed(1)} s apart (${earliest.s.source} at ` +
        `${earliest.s.record.startedAt}, ${latest.s.source} at ${latest.s.record.startedAt}); ` +
        `merge aligns windows by index and tolerates ${MAX_START_SKEW_MS / 1000} s`,
      { hint: 'start shards together with --start-at <ISO time> far enough ahead for every shard to be ready' },
    );
  }
}

/** Start skew between the shards, ms (0 when start times are unreadable). */
export function startSkewMs(shards: readonly CheckedShard[]): number {
  const ms = shards.map((s) => Date.parse(s.record.startedAt)).filter((x) => !Number.isNaN(x));
  return ms.length < 2 ? 0 : maxOf(ms) - minOf(ms);
}

function short(sha256: string): string {
  return sha256.slice(0, 12);
}
