/**
 * What `runLoad` takes and returns. `RunOutcome` is plain data: record/build.ts turns it
 * into a RunRecord (the one engine type record/ may import).
 */
import type { WindowSnapshot } from '../metrics/types.js';
import type { FlowSpec, LoadSpec, Phase, RequestSpec } from '../scenario/types.js';
import type { FlowData } from './flow-runner.js';
import type { TlsConnect } from './http-connection.js';

/** Where and what to send. `url` is the origin plus an optional base path. */
export type LoadTarget = {
  url: string;
  timeoutMs: number;
  /** Headers sent with every request (request headers override them). */
  headers: Readonly<Record<string, string>>;
  requests: readonly RequestSpec[];
  load: Pick<LoadSpec, 'think' | 'arrivals' | 'seed' | 'maxInFlight'>;
  /** Flows instead of the request mix: each virtual user (or arrival) runs a flow's steps in turn. */
  flows?: readonly FlowSpec[] | undefined;
  /** The data file's rows, one per iteration (`{{data.COLUMN}}`); never recorded. */
  data?: FlowData | undefined;
  /** https targets: node:tls options with PEM text. */
  tls?: TlsConnect | undefined;
};

/** One finished sweep step as the refinement rule sees it (measured windows only). */
export type SweepStepResult = {
  phaseIndex: number;
  kind: Phase['kind'];
  level: number;
  goodputPerSec: number;
  errorRate: number;
};

/** One finished level of an adaptive search as its decision sees it (measured windows only). */
export type AdaptiveStepResult = {
  level: number;
  /** Measured time, ms (the sum of its windows). */
  durationMs: number;
  /** Goodput of each measured 1 s window, in order. */
  windowGoodputPerSec: number[];
  errorRate: number;
  /**
   * Most of its windows were generator-saturated (late sends, drops, event-loop delay): the
   * analysis will leave this level out, so the decision does too.
   */
  generatorLimited: boolean;
};

/** What an adaptive search does next: run a level for `holdMs`, or stop (and why). */
export type AdaptiveNext =
  | { action: 'run'; level: number; holdMs: number; purpose: 'probe' | 'scan' | 'refine' }
  | { action: 'stop'; reason: string };

/** Safety stop: abort when the error rate over the last `windowMs` reaches `errorRate`. */
export type StopRule = { errorRate: number; windowMs: number; minRequests: number };

export type RunLoadOptions = {
  /** Abort (Ctrl-C): the run stops through the normal path and resolves `interrupted`. */
  signal?: AbortSignal;
  /** Each merged 1 s window, as soon as every worker has reported it. */
  onWindow?: (window: WindowSnapshot, phase: Phase) => void;
  /** Worker threads (default min(cores - 1, 4), at least 1). */
  workers?: number;
  /** Scale-out shard: this process's share of a level (applied before splitting among workers). */
  share?: (level: number) => number;
  /**
   * Open model, constant arrivals: where this process's schedule starts within an arrival slot
   * (0 ≤ phase < 1; shard i of n: i/n, scale/shard.ts `shardArrivalPhase`), so shards interleave.
   */
  arrivalPhase?: number;
  /** Tests only: a starved generator (a busy loop in every worker). */
  starve?: { busyMs: number; everyMs: number };
  /** Wall-clock start, ms since the epoch (shards start together); default: as soon as workers are ready. */
  startAtMs?: number;
  /** Extra sweep levels to run after the coarse sweep (default: engine/sweep.ts `defaultRefine`). */
  refine?: (doneSteps: readonly SweepStepResult[], count: number) => number[];
  /**
   * The adaptive search's decision (default: engine/sweep.ts `defaultAdaptiveNext`), asked after
   * every level with the levels so far; the engine never runs past the schedule's maxLoadMs.
   */
  adaptive?: (levels: readonly AdaptiveStepResult[]) => AdaptiveNext;
  stopRule?: StopRule;
  /** Worker entry file (tests); default: the compiled engine/worker.js. */
  workerUrl?: URL;
};

export type RunOutcome = {
  status: 'completed' | 'interrupted' | 'aborted';
  abortReason?: string;
  /** The schedule actually run: planned phases that started, with refinement levels added. */
  phases: Phase[];
  /** Merged windows (all workers), in index order; windows outside any phase are left out. */
  windows: WindowSnapshot[];
  /** Wall clock, ms since the epoch. */
  startedAtMs: number;
  endedAtMs: number;
  workers: number;
  /** Adaptive search: why it stopped ('precision', 'max-duration', 'not-reached', …, or the run's status). */
  adaptiveStop?: string;
};
