/**
 * Shard arithmetic (pure): how `capplan run --shard i/n` splits every level of a schedule so
 * that n processes together generate exactly the load of one.
 *
 * Indexes are **0-based everywhere**: on the command line (`--shard 0/3`, `1/3`, `2/3`), in
 * `environment.shard.index` of a record, and in Kubernetes, whose Indexed Job passes
 * `JOB_COMPLETION_INDEX` = 0..n-1 straight into `--shard $(JOB_COMPLETION_INDEX)/n`.
 */
import { UsageError } from '../errors.js';
import type { Schedule } from '../scenario/types.js';

/** The i-th (0-based) of `count` shards. */
export type ShardSpec = { index: number; count: number };

/** More shards than this is almost certainly a typo (and would split levels into zeros). */
export const MAX_SHARDS = 1000;

/**
 * Parses `"i/n"` (0-based i, 0 <= i < n): `"0/3"` is the first of three shards.
 * Throws UsageError with one line naming what is wrong.
 */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) {
    throw new UsageError(
      `--shard "${text}" is not of the form i/n (e.g. 0/3: the first of 3 shards; indexes are 0-based)`,
    );
  }
  const index = Number(match[1]);
  const count = Number(match[2]);
  validateShard(index, count, `--shard ${text}`);
  return { index, count };
}

function validateShard(index: number, count: number, what: string): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new UsageError(`${what}: the shard count must be a whole number from 1 to ${MAX_SHARDS}, got ${count}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new UsageError(
      `${what}: shard index ${index} is out of range; indexes are 0-based, 0..${count - 1} for ${count} shards`,
    );
  }
}

/**
 * Shard `index`'s share of an integer concurrency `level`: floor(level / count), plus one
 * for the first `level mod count` shards. The shares add up to `level` exactly, and differ
 * by at most one. A level below `count` gives some shards 0 (they idle at that level).
 *
 *   shareOfLevel(10, i, 3) = 4, 3, 3      shareOfLevel(2, i, 3) = 1, 1, 0
 */
export function shareOfLevel(level: number, index: number, count: number): number {
  validateShard(index, count, 'shareOfLevel');
  if (!Number.isSafeInteger(level) || level < 0) {
    throw new UsageError(`a concurrency level must be a whole number >= 0 to be split across shards, got ${level}`);
  }
  const base = Math.floor(level / count);
  const remainder = level - base * count;
  return base + (index < remainder ? 1 : 0);
}

/**
 * Shard `index`'s share of an arrival rate (req/s, may be fractional): rate/count, computed
 * as the difference of cumulative cuts `cut(k) = rate * k / count` (with `cut(count) = rate`).
 * Each difference of neighbouring cuts is exact in floating point (Sterbenz: they are within
 * a factor of 2), so adding the shares in index order gives back `rate` exactly.
 *
 * How the open-model schedules interleave: each shard runs the whole schedule at its share.
 * With `arrivals: constant`, shard i's arrivals are offset by `shardArrivalOffsetMs` =
 * i/rate (in arrival space: `shardArrivalPhase` = i/n of one of its own slots, which stays
 * exact on ramps), so the shards' arrivals together are exactly the single process's
 * t_k = t0 + k/rate (shard i sends k = i, i+n, i+2n, …). With `arrivals: poisson`, shard i
 * runs with `shardSeed(seed, i)`; n independent Poisson processes of rate r/n superpose to one
 * Poisson process of rate r.
 */
export function shareOfRate(ratePerSec: number, index: number, count: number): number {
  validateShard(index, count, 'shareOfRate');
  if (!Number.isFinite(ratePerSec) || ratePerSec < 0) {
    throw new UsageError(`an arrival rate must be a finite number >= 0 to be split across shards, got ${ratePerSec}`);
  }
  return cut(ratePerSec, index + 1, count) - cut(ratePerSec, index, count);
}

function cut(ratePerSec: number, k: number, count: number): number {
  return k === count ? ratePerSec : (ratePerSec * k) / count;
}

/**
 * Open model, constant arrivals: how far shard `index` shifts its first arrival so the shards
 * interleave into the single-process schedule (ms; 0 for shard 0 or a zero rate).
 */
export function shardArrivalOffsetMs(ratePerSec: number, index: number, count: number): number {
  validateShard(index, count, 'shardArrivalOffsetMs');
  return ratePerSec > 0 ? (index * 1000) / ratePerSec : 0;
}

/**
 * Open model, constant arrivals: where shard `index`'s schedule starts within one of its own
 * arrival slots (the engine's `arrivalPhase`). A shard at rate r/n sends its j-th arrival at
 * x = j + i/n in its own arrival space, i.e. at the single process's arrival k = j·n + i: at a
 * constant rate that is `shardArrivalOffsetMs` after shard 0's, and on a ramp it stays exact.
 */
export function shardArrivalPhase(index: number, count: number): number {
  validateShard(index, count, 'shardArrivalPhase');
  return index / count;
}

/**
 * The load settings shard `index` runs with: its own random stream (`shardSeed`), and its
 * share of the open model's in-flight cap, so n shards together cap at `maxInFlight` as one
 * process would (rounded up: never below 1 per shard).
 */
export function shardLoad<L extends { seed: number; maxInFlight: number }>(load: L, shard: ShardSpec): L {
  validateShard(shard.index, shard.count, 'shardLoad');
  return {
    ...load,
    seed: shardSeed(load.seed, shard.index),
    maxInFlight: Math.max(1, Math.ceil(load.maxInFlight / shard.count)),
  };
}

/**
 * The scenario seed shard `index` runs with, so shards draw independent random streams
 * (Poisson arrivals, weighted request picks, `{{rand}}`, `{{uuid}}`) instead of n copies of one.
 * The stride is a prime far above the engine's per-worker stride (7919 per worker), so shard
 * and worker seeds don't collide for any realistic number of workers.
 */
export function shardSeed(seed: number, index: number): number {
  return (seed + index * SHARD_SEED_STRIDE) | 0;
}

const SHARD_SEED_STRIDE = 1_000_003;

/** What `--shard` and `--start-at` of `capplan run` mean, parsed. */
export type ShardRunOptions = {
  shard: ShardSpec | undefined;
  /** Wall-clock start, ms since the epoch (UTC). */
  startAtMs: number | undefined;
};

/** Matches what `Date.toISOString()` writes, with optional fraction and any offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO-8601 instant with an explicit zone (`2026-11-28T08:00:00Z`): the time
 * shards on different machines start their schedules at. A zone is required so that shards
 * in different time zones agree.
 */
export function parseStartAt(text: string): number {
  const trimmed = text.trim();
  const ms = ISO_INSTANT.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`--start-at "${text}" is not an ISO time with a zone, e.g. 2026-11-28T08:00:00Z`);
  }
  return ms;
}

/**
 * The helper `capplan run` calls for `--shard i/n` and `--start-at ISO` (either may be absent).
 * `nowMs` is the caller's clock: a start more than `maxWaitMs` (default 24 h) ahead is
 * refused as a likely mistake. A start in the past is returned as is; the engine starts at
 * once, and `capplan merge` later reports the skew between shards.
 */
export function parseShardRunOptions(
  options: { shard?: unknown; startAt?: unknown },
  nowMs: number,
  maxWaitMs = 24 * 3600_000,
): ShardRunOptions {
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : undefined;
  const startAtMs = typeof options.startAt === 'string' ? parseStartAt(options.startAt) : undefined;
  if (startAtMs !== undefined && startAtMs - nowMs > maxWaitMs) {
    throw new UsageError(
      `--start-at ${String(options.startAt)} is more than ${Math.round(maxWaitMs / 3600_000)} h from now`,
    );
  }
  return { shard, startAtMs };
}

/**
 * The `share` function `runLoad` takes for `--shard`: this shard's part of a level, called
 * per tick. Closed model: the level (fractional mid-ramp) is rounded to whole users first,
 * then split by `shareOfLevel`; open model: `shareOfRate`. The shard is validated once here.
 */
export function shardShare(model: 'closed' | 'open', shard: ShardSpec): (level: number) => number {
  validateShard(shard.index, shard.count, 'shard');
  const { index, count } = shard;
  if (model === 'open') return (ratePerSec) => (ratePerSec > 0 ? shareOfRate(ratePerSec, index, count) : 0);
  return (level) => shareOfLevel(level > 0 ? Math.round(level) : 0, index, count);
}

/**
 * The schedule a shard runs. Sweep levels decided at run time (refinement, stop after the
 * knee) would be decided by each shard from its own share, and the shards' schedules could
 * then differ (merge refuses that), so a shard runs the planned levels only. Returns the
 * warning to show when that changed the scenario.
 */
export function scheduleForShard(schedule: Schedule): { schedule: Schedule; warning: string | undefined } {
  const sweep = schedule.sweep;
  if (sweep?.adaptive !== undefined) {
    // Each shard would pick its levels from its own share: the shards would run different sweeps.
    throw new UsageError(
      'an adaptive sweep (load.sweep.adaptive) cannot be sharded: each shard would decide its own levels',
      { hint: 'shard a fixed sweep (from, to, hold) instead, or run the adaptive search from one machine' },
    );
  }
  if (sweep === undefined || (sweep.refine === 0 && !sweep.stopAfterKnee)) return { schedule, warning: undefined };
  return {
    schedule: { ...schedule, sweep: { ...sweep, refine: 0, stopAfterKnee: false } },
    warning:
      'sharded sweeps run the planned levels only: ' +
      'refine and stopAfterKnee are off (each shard would decide them on its own share)',
  };
}
