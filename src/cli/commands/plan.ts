/**
 * `capplan plan`: pool sizing by Erlang C (ANALYSIS.md §4). Flags are validated here with
 * one-line errors; `--from run.json` takes the hold time (Server-Timing, else R0), the
 * measured capacity and, unless given, the rate from a recorded run.
 */
import { resolve } from 'node:path';
import { analyzeRun } from '../../analyze/index.js';
import { planPool, type PlanInput } from '../../analyze/planner/index.js';
import { UsageError } from '../../errors.js';
import { MAX_OFFERED_ERLANGS } from '../../analyze/planner/erlang.js';
import type { PlanResult } from '../../record/types.js';
import { readRunRecord } from '../../record/read.js';
import { parseDurationMs } from '../../scenario/duration.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { analyzeOptionsFromRecord } from '../../analyze/options.js';

/** What commander hands over for the options plan-command.ts declares. */
export type PlanFlags = {
  rate?: string;
  hold?: string;
  p99?: string;
  pwait?: string;
  maxUtilization: string;
  holdCv?: string;
  peak?: string;
  acquireTimeout?: string;
  from?: string;
  json?: boolean;
};

export type PlanOptions = {
  rate?: number;
  /** --rate as given, for the message when it is beyond the planner. */
  rateText?: string;
  holdMs?: number;
  targetMs?: number;
  pwaitMax?: number;
  maxUtilization: number;
  holdCv?: number;
  peakRatePerSec?: number;
  acquireTimeoutMs?: number;
  /** --from: a recorded run, relative to io.cwd. */
  from?: string;
  json: boolean;
};

function duration(t: string | undefined, flag: string): number | undefined {
  if (t === undefined) return undefined;
  const ms = parseDurationMs(t);
  if (ms === undefined || !(ms > 0))
    throw new UsageError(`${flag} expects a positive duration like 50ms or 0.05s, got "${t}"`);
  return ms;
}

function positive(t: string | undefined, flag: string): number | undefined {
  if (t === undefined) return undefined;
  const v = Number(t);
  if (t === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} expects a positive number, got "${t}"`);
  return v;
}

function fraction(t: string | undefined, flag: string, allowAboveOne = false): number | undefined {
  if (t === undefined) return undefined;
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (t === '' || !Number.isFinite(v) || v < 0 || (!allowAboveOne && (v === 0 || v > 1))) {
    throw new UsageError(`${flag} expects a fraction like 0.05 or 5%, got "${t}"`);
  }
  return v;
}

/** Keeps the keys whose value is defined (exactOptionalPropertyTypes). */
function defined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The flags, checked one by one (one-line UsageErrors); --rate and --hold may come from --from. */
export function planOptions(flags: PlanFlags): PlanOptions {
  const t = (value: string | undefined): string | undefined => value?.trim();
  return {
    ...defined({
      rate: positive(t(flags.rate), '--rate'),
      rateText: flags.rate,
      holdMs: duration(t(flags.hold), '--hold'),
      targetMs: duration(t(flags.p99), '--p99'),
      pwaitMax: fraction(t(flags.pwait), '--pwait'),
      holdCv: fraction(t(flags.holdCv), '--hold-cv', true),
      peakRatePerSec: positive(t(flags.peak), '--peak'),
      acquireTimeoutMs: duration(t(flags.acquireTimeout), '--acquire-timeout'),
      from: t(flags.from),
    }),
    maxUtilization: fraction(t(flags.maxUtilization), '--max-utilization') ?? 0.85,
    json: flags.json === true,
  };
}

type FromRun = { holdMs?: number; capacityPerSec?: number; ratePerSec?: number; basis: string };

function fromRun(path: string): FromRun {
  const record = readRunRecord(path);
  const a = analyzeRun(record, { ...analyzeOptionsFromRecord(record.scenario.resolved), bootstrapSamples: 0 });
  const hold =
    a.poolEstimate?.basis === 'server-timing' && a.maxThroughputPerSec !== null
      ? (a.poolEstimate.size / a.maxThroughputPerSec.value) * 1000
      : (a.unloadedLatencyMs ?? undefined);
  const capacity =
    a.maxThroughputPerSec !== null && !a.maxThroughputPerSec.censored ? a.maxThroughputPerSec.value : undefined;
  const peak = analyzeOptionsFromRecord(record.scenario.resolved).plan?.peakRate;
  return {
    ...(hold === undefined ? {} : { holdMs: hold }),
    ...(capacity === undefined ? {} : { capacityPerSec: capacity }),
    ...(peak !== undefined && peak > 0 ? { ratePerSec: peak } : {}),
    basis:
      a.poolEstimate?.basis === 'server-timing'
        ? 'Server-Timing hold time'
        : 'unloaded latency R0 (upper bound of the hold time)',
  };
}

/** The planner input from the options (and a record); throws UsageError for missing or out-of-range ones. */
export function planInputFrom(options: PlanOptions, cwd: string): { input: PlanInput; from: FromRun | null } {
  const from = options.from === undefined ? null : fromRun(resolve(cwd, options.from));
  const rate = options.rate ?? from?.ratePerSec;
  const holdMs = options.holdMs ?? from?.holdMs;
  if (rate === undefined)
    throw new UsageError('missing --rate <rps> (or --from a run whose scenario has plan.peakRate)', {
      hint: 'e.g. capplan plan --rate 1000 --hold 50ms --p99 250ms',
    });
  if (holdMs === undefined)
    throw new UsageError('missing --hold <duration> (or --from run.json)', {
      hint: 'e.g. capplan plan --rate 1000 --hold 50ms --p99 250ms',
    });
  const offered = (rate * holdMs) / 1000;
  if (offered > MAX_OFFERED_ERLANGS) {
    const what = `${offered.toPrecision(3)} erlangs at this hold time (the limit is ${MAX_OFFERED_ERLANGS})`;
    throw new UsageError(`--rate ${options.rateText ?? String(rate)} is beyond what the planner sizes: ${what}`, {
      hint: 'one pool does not serve that load: plan per instance (the rate one instance takes)',
    });
  }
  const { targetMs, pwaitMax, maxUtilization, holdCv, peakRatePerSec, acquireTimeoutMs } = options;
  // The planner echoes its input in this key order (plan --json).
  const input: PlanInput = {
    ratePerSec: rate,
    holdMs,
    ...defined({ targetMs, pwaitMax }),
    maxUtilization,
    ...defined({ holdCv, peakRatePerSec, acquireTimeoutMs, currentCapacityPerSec: from?.capacityPerSec }),
  };
  return { input, from };
}

const pct = (v: number): string => `${(v * 100).toFixed(Math.abs(v) < 0.01 ? 2 : 1)} %`;
const ms = (v: number): string => `${v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2)} ms`;

/** Plain-text rendering of a plan (stdout). */
export function renderPlan(plan: PlanResult, from: FromRun | null): string {
  const i = plan.inputs;
  const basis = from === null ? '' : `, from the run: ${from.basis}`;
  const lines = [
    `Pool sizing (Erlang C): ${String(i['ratePerSec'])} req/s, ` +
      `hold ${ms(Number(i['holdMs']))} (${String(i['holdModel'])}${basis}), ` +
      `offered load ${Number(i['offeredErlangs']).toFixed(1)} erlangs`,
  ];
  if (!plan.feasible) {
    lines.push(`INFEASIBLE: ${plan.reason ?? ''}`);
  } else {
    lines.push(`Recommended pool size: ${String(plan.poolSize)} connections`);
    lines.push(
      `  utilisation ${pct(plan.utilization ?? 0)}, P(wait) ${pct(plan.pWait ?? 0)}, mean wait ` +
        `${ms(plan.meanWaitMs ?? 0)}, p${Math.round(Number(i['quantile']) * 100)} response ${ms(plan.p99Ms ?? 0)}`,
    );
  }
  if (plan.headroom !== null)
    lines.push(`Headroom against the peak: ${plan.headroom >= 0 ? '+' : ''}${pct(plan.headroom)}`);
  if (plan.absorbableSpikeSec !== null)
    lines.push(
      'Absorbable spike at the peak: ' +
        `${plan.absorbableSpikeSec.toFixed(1)} s before acquire timeouts start (fluid model)`,
    );
  lines.push('', 'Caveats:', ...plan.notes.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}

export async function planCommand(options: PlanOptions, io: Io): Promise<number> {
  const { input, from } = planInputFrom(options, io.cwd);
  const plan = planPool(input);
  io.stdout.write(options.json ? JSON.stringify(plan, null, 2) + '\n' : renderPlan(plan, from));
  return ExitCode.ok;
}
