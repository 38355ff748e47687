/**
 * `capplan merge`'s core (pure): n shard records in, one record of the whole run out, as if
 * one process had generated all the load. Exact where it can be: counters are summed and HDR
 * histograms added, so merged percentiles are those of every request of every shard. The
 * caller runs `analyzeRun` on the result (the shards' own analyses saw only their share).
 */
import type { RunRecord, RunStatus } from '../record/types.js';
import { checkShards, startSkewMs, type CheckedShard, type ShardInput } from './merge-check.js';
import { checkShardHistograms } from './merge-hdr-check.js';
import { mergeShardSteps } from './merge-steps.js';
import { mergeShardWindows } from './merge-windows.js';
import { maxOf } from '../stats/index.js';

export type { ShardInput } from './merge-check.js';

/** A merged record before analysis. */
export type MergedRecord = Omit<RunRecord, 'analysis'>;

export type MergeOptions = {
  /** Accept an incomplete set of shards (the merged load is then short of the scenario's). */
  partial?: boolean;
};

const STATUS_RANK: Record<RunStatus, number> = { completed: 0, interrupted: 1, aborted: 2 };

/**
 * Merges shard records (any order) after checking they belong together (merge-check.ts:
 * throws a one-line RecordError otherwise). `environment.shard` is replaced by
 * `environment.merged`; status is the worst of the shards'; `warnings` say what the merge
 * left out or assumed.
 */
export function mergeShardRecords(inputs: readonly ShardInput[], options: MergeOptions = {}): MergedRecord {
  const shards = checkShards(inputs, options.partial === true);
  checkShardHistograms(shards);
  const first = shards[0]!;
  const { windows, droppedWindows } = mergeShardWindows(shards);
  const steps = mergeShardSteps(shards, windows, first.record.model);
  const { shard: _shard, ...environment } = first.record.environment;
  const worst = shards.reduce((a, b) => (STATUS_RANK[b.record.status] > STATUS_RANK[a.record.status] ? b : a));
  const merged: MergedRecord = {
    schema: first.record.schema,
    tool: first.record.tool,
    scenario: first.record.scenario,
    environment: {
      ...environment,
      workers: shards.reduce((acc, s) => acc + s.record.environment.workers, 0),
      merged: { count: first.count, indexes: shards.map((s) => s.index) },
    },
    model: first.record.model,
    status: worst.record.status,
    startedAt: earliest(shards.map((s) => s.record.startedAt)),
    endedAt: latest(shards.map((s) => s.record.endedAt)),
    durationMs: maxOf(shards.map((s) => s.record.durationMs)),
    windows,
    steps,
    warnings: mergeWarnings(shards, droppedWindows),
  };
  if (worst.record.abortReason !== undefined)
    merged.abortReason = `shard ${worst.index}/${worst.count}: ${worst.record.abortReason}`;
  const withProbes = shards.find((s) => s.record.probes !== undefined);
  if (withProbes?.record.probes !== undefined) merged.probes = withProbes.record.probes;
  return merged;
}

function mergeWarnings(shards: readonly CheckedShard[], droppedWindows: number): string[] {
  const first = shards[0]!;
  const warnings: string[] = [];
  if (shards.length < first.count) {
    warnings.push(
      `partial merge: ${shards.length} of ${first.count} shards ` +
        `(${shards.map((s) => s.index).join(', ')}); the load is short of the scenario's`,
    );
  }
  const skewMs = startSkewMs(shards);
  if (skewMs > 0)
    warnings.push(`shards started up to ${skewMs} ms apart; windows were aligned by index from each shard's own start`);
  if (droppedWindows > 0) warnings.push(`${droppedWindows} window(s) recorded by only some shards were left out`);
  const urls = [...new Set(shards.map((s) => s.record.environment.targetUrl))];
  if (urls.length > 1) warnings.push(`shards loaded different target URLs (${urls.join(', ')}): not one shared target`);
  const versions = [...new Set(shards.map((s) => s.record.tool.version))];
  if (versions.length > 1) warnings.push(`shards were written by different capplan versions (${versions.join(', ')})`);
  for (const s of shards) {
    for (const w of s.record.warnings) warnings.push(`shard ${s.index}/${s.count}: ${w}`);
  }
  return warnings;
}

function earliest(isoTimes: readonly string[]): string {
  return [...isoTimes].sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? '';
}

function latest(isoTimes: readonly string[]): string {
  return [...isoTimes].sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? '';
}
