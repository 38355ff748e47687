/**
 * Window-by-window merge of shard records (pure). Shards start together (`--start-at`), so
 * window k of every shard covers the same second; windows are aligned by their index from
 * each shard's own start (`tMs / 1000`), which also absorbs up to one window of start skew
 * (merge-check.ts refuses more). The adding itself is metrics/merge-snapshots.ts's, the same code that
 * merges worker threads: counters and in-flight summed, HDR histograms added exactly,
 * generator health as worst delay / mean utilization.
 */
import { RecordError } from '../errors.js';
import { mergeWindowSnapshots } from '../metrics/merge-snapshots.js';
import type { WindowSnapshot } from '../metrics/types.js';
import { WINDOW_MS } from '../metrics/window.js';
import { countsOf } from '../record/by-request.js';
import type { WindowRecord } from '../record/types.js';
import { windowCounts, windowRecordOf } from '../record/window-record.js';
import type { CheckedShard } from './merge-check.js';
import { maxOf } from '../stats/index.js';

/** Merged windows plus what was left out: windows only some shards recorded. */
export type MergedWindows = { windows: WindowRecord[]; droppedWindows: number };

/** A window's index from its shard's start. */
export function windowIndex(window: WindowRecord): number {
  return Math.round(window.tMs / WINDOW_MS);
}

/**
 * Merges the windows every shard recorded (the common indexes, in order). A window that only
 * some shards have (one ended a second later, or was interrupted) is left out and counted:
 * adding it would show a drop in load that never happened. The drain windows (completions
 * after the stop, at most one per shard) are not a time-aligned measurement: whatever drained
 * in any shard is added into one drain window after the others.
 */
export function mergeShardWindows(shards: readonly CheckedShard[]): MergedWindows {
  const regular = shards.map((s) => s.record.windows.filter((w) => w.drain !== true));
  const maps = regular.map((ws) => new Map(ws.map((w) => [windowIndex(w), w] as const)));
  const [firstMap, ...rest] = maps;
  if (firstMap === undefined) return { windows: [], droppedWindows: 0 };
  const common = [...firstMap.keys()].filter((k) => rest.every((m) => m.has(k))).sort((a, b) => a - b);
  const windows = common.map((k) =>
    mergeAt(
      shards,
      maps.map((m) => m.get(k)!),
      k,
    ),
  );
  const drains = shards.flatMap((s) => s.record.windows.filter((w) => w.drain === true));
  if (drains.length > 0) windows.push(mergeDrain(drains, (common.at(-1) ?? -1) + 1));
  const droppedWindows = maxOf(maps.map((m) => m.size)) - common.length;
  return { windows, droppedWindows };
}

function mergeDrain(drains: readonly WindowRecord[], index: number): WindowRecord {
  const merged = mergeWindowSnapshots(drains.map((w) => toSnapshot(w, index)));
  return { ...fromSnapshot(merged, drains[0]!), tMs: index * WINDOW_MS, drain: true };
}

function mergeAt(shards: readonly CheckedShard[], parts: readonly WindowRecord[], index: number): WindowRecord {
  const first = parts[0]!;
  parts.forEach((w, i) => {
    if (w.phaseIndex !== first.phaseIndex || w.stage !== first.stage || w.warmup !== first.warmup) {
      throw new RecordError(
        `shards ran different schedules: at ${index} s ${shards[0]!.source} is in phase ${first.phaseIndex} ` +
          `"${first.stage}" but ${shards[i]!.source} in phase ${w.phaseIndex} "${w.stage}"`,
        {
          hint:
            'levels decided at run time differ between shards: ' +
            'for sharded sweeps set refine: 0 and stopAfterKnee: false',
        },
      );
    }
  });
  const merged = mergeWindowSnapshots(parts.map((w) => toSnapshot(w, index)));
  return fromSnapshot(merged, first);
}

/** A record window as the snapshot shape metrics/merge-snapshots.ts adds (error samples live on steps). */
function toSnapshot(w: WindowRecord, index: number): WindowSnapshot {
  return {
    index,
    tMs: w.tMs,
    durationMs: w.durationMs,
    phaseIndex: w.phaseIndex,
    level: w.level,
    inFlightMean: w.inFlight,
    inFlightMax: w.inFlightMax,
    inFlightEnd: w.inFlightEnd,
    ...windowCounts(w),
    hdr: w.hdr,
    ...(w.hdrErrors === undefined ? {} : { hdrErrors: w.hdrErrors }),
    serverTiming: w.serverTiming,
    generator: w.generator,
    errorSamples: [],
    ...(w.lag === undefined ? {} : { lag: w.lag }),
    ...(w.cancelled === undefined ? {} : { cancelled: w.cancelled }),
    ...(w.byRequest === undefined ? {} : { byRequest: countsOf(w.byRequest)! }),
  };
}

/**
 * Back to the record shape. `inFlightMax` is the sum of the shards' maxima: an upper bound,
 * as their peaks need not fall in the same 100 ms sample.
 */
function fromSnapshot(s: WindowSnapshot, like: WindowRecord): WindowRecord {
  return windowRecordOf(s, { tMs: like.tMs, stage: like.stage, warmup: like.warmup, drain: false });
}
