/**
 * Messages between the coordinator and its workers: discriminated unions of plain data
 * (classes and Error codes do not survive postMessage; CONVENTIONS.md §3.3).
 */
import type { WindowSnapshot } from '../metrics/types.js';
import type { LoadModel } from '../scenario/types.js';
import type { LoadTarget } from './types.js';

/** Given to each worker as `workerData`. */
export type WorkerInit = {
  workerIndex: number;
  workerCount: number;
  model: LoadModel;
  target: LoadTarget;
  /** Open model, constant arrivals: this process's place in an arrival slot (shard i of n: i/n). */
  arrivalPhase?: number;
  /** Tests only: keep the worker's event loop busy for `busyMs` every `everyMs` (a starved generator). */
  starve?: { busyMs: number; everyMs: number };
};

/**
 * An open-model arrival segment (one phase): the *total* rate (after the shard share) goes
 * linearly from `fromRate` to `toRate` over `durationMs`, starting `startMs` after t0.
 * Worker w of W sends the arrivals whose index k ≡ w (mod W), so merged arrivals are evenly spaced.
 */
export type RateSegment = { phaseIndex: number; startMs: number; durationMs: number; fromRate: number; toRate: number };

export type ToWorker =
  /** Time zero of the run, ms since the epoch (performance.timeOrigin + performance.now()). */
  | { type: 'start'; t0EpochMs: number }
  /** Closed model: this worker's number of virtual users from now on. */
  | { type: 'level'; users: number }
  /** Open model: arrival segments to run (appended in order). */
  | { type: 'segments'; segments: RateSegment[] }
  /** Open model: forget every segment (the sweep was cut short); later segments may follow. */
  | { type: 'cut' }
  /** Stop sending at `atMs` after t0 (or now if already past); wait at most `drainMs` for in-flight requests. */
  | { type: 'stop'; atMs: number; drainMs: number };

export type FromWorker =
  | { type: 'ready'; workerIndex: number }
  | { type: 'window'; workerIndex: number; window: WindowSnapshot }
  | { type: 'done'; workerIndex: number }
  /** This worker's share of the unique data rows ran out: when every worker's has, the run stops (aborted). */
  | { type: 'exhausted'; workerIndex: number; message: string }
  | { type: 'fatal'; workerIndex: number; message: string };
