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

function text(opts: Record<string, unknown>, key: string): string | undefined {
  const v = opts[key];
  return typeof v === 'string' ? v.trim() : undefined;
}

function duration(opts: Record<string, unknown>, key: string, flag: string): number | undefined {
  const t = text(opts, key);
  if (t === undefined) return undefined;
  const ms = parseDurationMs(t);
  if (ms === undefined || !(ms > 0)) throw new UsageError(`${flag} expects a positive duration like 50ms or 0.05s, got "${t}"`);
  return ms;
}

function positive(opts: Record<string, unknown>, key: string, flag: string): number | undefined {
  const t = text(opts, key);
  if (t === undefined) return undefined;
  const v = Number(t);
  if (t === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} expects a positive number, got "${t}"`);
  return v;
}

function fraction(opts: Record<string, unknown>, key: string, flag: string, allowAboveOne = false): number | undefined {
  const t = text(opts, key);
  if (t === undefined) return undefined;
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (t === '' || !Number.isFinite(v) || v < 0 || (!allowAboveOne && (v === 0 || v > 1))) {
    throw new UsageError(`${flag} expects a fraction like 0.05 or 5%, got "${t}"`);
  }
  return v;
}

type FromRun = { holdMs?: number; capacityPerSec?: number; ratePerSec?: number; basis: string };

function fromRun(path: string): FromRun {
  const record = readRunRecord(path);
  const a = analyzeRun(record, { ...analyzeOptionsFromRecord(record.scenario.resolved), bootstrapSamples: 0 });
  const hold = a.poolEstimate?.basis === 'server-timing' && a.maxThroughputPerSec !== null
    ? (a.poolEstimate.size / a.maxThroughputPerSec.value) * 1000 : a.unloadedLatencyMs ?? undefined;
  const capacity = a.maxThroughputPerSec !== null && !a.maxThroughputPerSec.censored ? a.maxThroughputPerSec.value : undefined;
  const peak = analyzeOptionsFromRecord(record.scenario.resolved).plan?.peakRate;
  return {
    ...(hold === undefined ? {} : { holdMs: hold }), ...(capacity === undefined ? {} : { capacityPerSec: capacity }),
    ...(peak !== undefined && peak > 0 ? { ratePerSec: peak } : {}),
    basis: a.poolEstimate?.basis === 'server-timing' ? 'Server-Timing hold time' : 'unloaded latency R0 (upper bound of the hold time)',
  };
}

/** Builds the planner input from flags (and a record); throws UsageError for bad or missing flags. */
export function planInputFromFlags(opts: Record<string, unknown>, cwd: string): { input: PlanInput; from: FromRun | null } {
  const fromPath = text(opts, 'from');
  const from = fromPath === undefined ? null : fromRun(resolve(cwd, fromPath));
  const rate = positive(opts, 'rate', '--rate') ?? from?.ratePerSec;
  const holdMs = duration(opts, 'hold', '--hold') ?? from?.holdMs;
  if (rate === undefined) throw new UsageError('missing --rate <rps> (or --from a run whose scenario has plan.peakRate)', { hint: 'e.g. capplan plan --rate 1000 --hold 50ms --p99 250ms' });
  if (holdMs === undefined) throw new UsageError('missing --hold <duration> (or --from run.json)', { hint: 'e.g. capplan plan --rate 1000 --hold 50ms --p99 250ms' });
  const offered = (rate * holdMs) / 1000;
  if (offered > MAX_OFFERED_ERLANGS) {
    const what = `${offered.toPrecision(3)} erlangs at this hold time (the limit is ${MAX_OFFERED_ERLANGS})`;
    throw new UsageError(`--rate ${String(opts['rate'] ?? rate)} is beyond what the planner sizes: ${what}`, {
      hint: 'one pool does not serve that load: plan per instance (the rate one instance takes)' });
  }
  const optional = <K extends keyof PlanInput>(key: K, value: PlanInput[K] | undefined): Partial<PlanInput> => (value === undefined ? {} : { [key]: value });
  const input: PlanInput = {
    ratePerSec: rate, holdMs,
    ...optional('targetMs', duration(opts, 'p99', '--p99')),
    ...optional('pwaitMax', fraction(opts, 'pwait', '--pwait')),
    maxUtilization: fraction(opts, 'maxUtilization', '--max-utilization') ?? 0.85,
    ...optional('holdCv', fraction(opts, 'holdCv', '--hold-cv', true)),
    ...optional('peakRatePerSec', positive(opts, 'peak', '--peak')),
    ...optional('acquireTimeoutMs', duration(opts, 'acquireTimeout', '--acquire-timeout')),
    ...optional('currentCapacityPerSec', from?.capacityPerSec),
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
    `Pool sizing (Erlang C): ${String(i['ratePerSec'])} req/s, `
      + `hold ${ms(Number(i['holdMs']))} (${String(i['holdModel'])}${basis}), `
      + `offered load ${Number(i['offeredErlangs']).toFixed(1)} erlangs`,
  ];
  if (!plan.feasible) {
    lines.push(`INFEASIBLE: ${plan.reason ?? ''}`);
  } else {
    lines.push(`Recommended pool size: ${String(plan.poolSize)} connections`);
    lines.push((`  utilisation ${pct(plan.utilization ?? 0)}, P(wait) ${pct(plan.pWait ?? 0)}, mean wait ` + `${ms(plan.meanWaitMs ?? 0)}, p${Math.round(Number(i['quantile']) * 100)} response ${ms(plan.p99Ms ?? 0)}`));
  }
  if (plan.headroom !== null) lines.push(`Headroom against the peak: ${plan.headroom >= 0 ? '+' : ''}${pct(plan.headroom)}`);
  if (plan.absorbableSpikeSec !== null) lines.push(('Absorbable spike at the peak: ' + `${plan.absorbableSpikeSec.toFixed(1)} s before acquire timeouts start (fluid model)`));
  lines.push('', 'Caveats:', ...plan.notes.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}

export async function planCommand(opts: Record<string, unknown>, io: Io): Promise<number> {
  const { input, from } = planInputFromFlags(opts, io.cwd);
  const plan = planPool(input);
  io.stdout.write(opts['json'] === true ? JSON.stringify(plan, null, 2) + '\n' : renderPlan(plan, from));
  return ExitCode.ok;
}
