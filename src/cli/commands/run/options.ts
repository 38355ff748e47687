/**
 * The flags of `capplan run`, parsed once into typed options; every bad flag is a one-line
 * UsageError before the scenario is read or anything listens.
 */
import { UsageError } from '../../../errors.js';
import { parseTolerance } from '../../../gate/tolerance.js';
import type { ReportFormat } from '../../../report/index.js';
import { parseShardRunOptions, type ShardSpec } from '../../../scale/shard.js';
import { liveOptions, type LiveOptions } from '../../live-export.js';
import { reportFormats } from './output.js';

/** What commander hands over for the options run-command.ts declares. */
export type RunFlags = {
  out?: string;
  force?: boolean;
  format: string;
  json?: boolean;
  workers?: string;
  set?: string[];
  baseline?: string[];
  repeat?: string;
  tolerance?: string;
  gateKnee?: boolean;
  shard?: string;
  startAt?: string;
  /** `--no-progress` makes it false. */
  progress: boolean;
  metricsPort?: string;
  remoteWrite?: string;
};

export const DEFAULT_GATE_REPEAT = 3;

/** `--baseline` and what goes with it: the gate's runs instead of one run. */
export type GateFlags = { baseline: string[]; repeat: number; tolerance?: number; gateKnee: boolean };

export type RunOptions = {
  set: string[];
  workers?: number;
  formats: ReportFormat[];
  /** --out as given (relative to io.cwd); undefined: reports/<name>-<UTC stamp>. */
  out?: string;
  force: boolean;
  json: boolean;
  progress: boolean;
  shard?: ShardSpec;
  startAtMs?: number;
  gate?: GateFlags;
  live?: LiveOptions;
};

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new UsageError(`--workers must be a whole number from 1 to 64, got "${value}"`);
  }
  return n;
}

function gateFlags(flags: RunFlags): GateFlags | undefined {
  if (flags.baseline === undefined) return undefined;
  const repeat = flags.repeat === undefined ? DEFAULT_GATE_REPEAT : Number(flags.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 50) {
    throw new UsageError(`--repeat must be a whole number from 1 to 50, got "${String(flags.repeat)}"`);
  }
  return {
    baseline: flags.baseline,
    repeat,
    ...(flags.tolerance === undefined ? {} : { tolerance: parseTolerance(flags.tolerance) }),
    gateKnee: flags.gateKnee === true,
  };
}

/** `nowMs` bounds --start-at (at most a day ahead). */
export function runOptions(flags: RunFlags, nowMs: number): RunOptions {
  const workers = parseWorkers(flags.workers);
  const formats = reportFormats(flags.format);
  const { shard, startAtMs } = parseShardRunOptions({ shard: flags.shard, startAt: flags.startAt }, nowMs);
  if (shard !== undefined && flags.baseline !== undefined) {
    throw new UsageError('--shard and --baseline do not go together', {
      hint: 'merge the shards with `capplan merge`, then gate the merged run with `capplan compare`',
    });
  }
  const live = liveOptions(flags, flags.baseline !== undefined);
  const gate = gateFlags(flags);
  return {
    set: flags.set ?? [],
    formats,
    ...(workers === undefined ? {} : { workers }),
    ...(flags.out === undefined || flags.out === '' ? {} : { out: flags.out }),
    force: flags.force === true,
    json: flags.json === true,
    progress: flags.progress !== false,
    ...(shard === undefined ? {} : { shard }),
    ...(startAtMs === undefined ? {} : { startAtMs }),
    ...(gate === undefined ? {} : { gate }),
    ...(live === undefined ? {} : { live }),
  };
}
