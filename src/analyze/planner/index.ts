/**
 * The pool planner (ANALYSIS.md §4.2): the smallest pool that serves λ req/s with
 * P(T > t_q) ≤ 1 − q, optionally P(wait) ≤ pwait_max, and utilisation ≤ ρ_max.
 *
 *   feasibility first: if the hold time alone breaks the target (P(S > t_q) > 1 − q), no pool
 *   size helps: INFEASIBLE, with the hold-time quantile as the reason.
 *   c from max(⌊A⌋ + 1, A/ρmax) …, B updated incrementally, C = B/(1 − ρ(1 − B)); stop 20√A + 100 later.
 *
 * Also: headroom against an expected peak and the spike length the current pool absorbs
 * before acquire timeouts start, T_abs = T_acq·Xmax/(λ_peak − Xmax) (fluid model, §3.1).
 */
import type { PlanResult } from '../../record/types.js';
import { erlangB, erlangCFromB, MAX_OFFERED_ERLANGS, poolSearchRange, responseTailExp } from './erlang.js';
import { holdModel, type HoldModel } from './hold-time.js';
import { msDigits } from '../../format.js';

export type PlanInput = {
  ratePerSec: number;
  holdMs: number;
  /** Coefficient of variation of the hold time (1 = exponential, 0 = constant). Default 1. */
  holdCv?: number;
  /** Measured hold times, ms: used instead of a distribution when given. */
  holdSamplesMs?: readonly number[];
  /** Response-time target at `quantile`, ms. */
  targetMs?: number;
  quantile?: number;
  pwaitMax?: number;
  maxUtilization?: number;
  spikeFactor?: number;
  peakRatePerSec?: number;
  acquireTimeoutMs?: number;
  /** Measured capacity of the current system (Xmax), req/s. */
  currentCapacityPerSec?: number;
};

const CAVEATS = [
  'The hold time must be measured at the planned concurrency: if the database slows down as connections grow, ' +
    'a bigger pool makes things worse (HikariCP "About Pool Sizing": connections ≈ 2·cores + spindles).',
  'For spikes, plan at the peak rate, not the average.',
];

/** P(T > t) for pool size c (t in s). */
export function responseTail(c: number, a: number, pWait: number, hold: HoldModel, t: number): number {
  if (hold.kind === 'exponential') return responseTailExp(c, a, pWait, hold.meanSec, t);
  const theta = ((c - a) / hold.meanSec) * (2 / (1 + hold.cv * hold.cv));
  return (1 - pWait) * hold.tail(t) + pWait * hold.mix(t, theta);
}

/** The q-quantile of T by bisection, s. */
export function responseQuantile(c: number, a: number, pWait: number, hold: HoldModel, q: number): number {
  let hi = Math.max(hold.meanSec, 1e-6);
  while (responseTail(c, a, pWait, hold, hi) > 1 - q && hi < 1e7) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i += 1) {
    const mid = (lo + hi) / 2;
    if (responseTail(c, a, pWait, hold, mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function planPool(input: PlanInput): PlanResult {
  const q = input.quantile ?? 0.99;
  const hold = holdModel(
    input.holdMs / 1000,
    input.holdCv,
    input.holdSamplesMs?.map((v) => v / 1000),
  );
  const rate = input.ratePerSec * (input.spikeFactor ?? 1);
  const a = rate * hold.meanSec;
  const rhoMax = input.maxUtilization ?? 0.85;
  const targetSec = input.targetMs === undefined ? undefined : input.targetMs / 1000;
  const base = { inputs: planInputs(input, hold, q, rhoMax, a), notes: [...CAVEATS] };
  const reason = infeasibleReason(input, hold, a, q, targetSec);
  if (reason !== null) return { ...base, ...empty(), feasible: false, reason };
  const { from, to: guard } = poolSearchRange(a, rhoMax);
  let c = from;
  let b = erlangB(c, a);
  for (; c <= guard; c += 1, b = (a * b) / (c + a * b)) {
    const pWait = erlangCFromB(c, a, b);
    if (pWait === null) continue;
    if (targetSec !== undefined && responseTail(c, a, pWait, hold, targetSec) > 1 - q) continue;
    if (input.pwaitMax !== undefined && pWait > input.pwaitMax) continue;
    if (a / c > rhoMax + 1e-12) continue;
    const theta = ((c - a) / hold.meanSec) * (hold.kind === 'exponential' ? 1 : 2 / (1 + hold.cv * hold.cv));
    const spike = spikeFigures(input, c / hold.meanSec);
    return {
      ...base,
      feasible: true,
      reason: null,
      poolSize: c,
      utilization: a / c,
      pWait,
      meanWaitMs: (pWait / theta) * 1000,
      p99Ms: responseQuantile(c, a, pWait, hold, q) * 1000,
      ...spike,
      notes: [
        ...base.notes,
        ...(hold.kind === 'exponential' || hold.kind === 'empirical'
          ? []
          : ['Non-exponential hold times use the Allen–Cunneen approximation (mildly conservative).']),
      ],
    };
  }
  return {
    ...base,
    ...empty(),
    feasible: false,
    reason: `no pool size up to ${Math.floor(guard)} meets the targets (infeasible in practice)`,
  };
}

function planInputs(input: PlanInput, hold: HoldModel, q: number, rhoMax: number, a: number): PlanResult['inputs'] {
  return {
    ratePerSec: input.ratePerSec,
    holdMs: hold.meanSec * 1000,
    holdCv: hold.cv,
    holdModel: hold.kind,
    targetMs: input.targetMs ?? null,
    quantile: q,
    pwaitMax: input.pwaitMax ?? null,
    maxUtilization: rhoMax,
    spikeFactor: input.spikeFactor ?? 1,
    offeredErlangs: a,
  };
}

/** Why no pool size can work, before searching: the hold time alone misses the target, or the load is too large. */
function infeasibleReason(
  input: PlanInput,
  hold: HoldModel,
  a: number,
  q: number,
  targetSec: number | undefined,
): string | null {
  const qName = `p${Math.round(q * 1000) % 10 === 0 ? Math.round(q * 100) : (q * 100).toFixed(1)}`;
  if (targetSec !== undefined && hold.tail(targetSec) > 1 - q) {
    const holdQ = hold.quantile(q) * 1000;
    return (
      `hold time ${qName} = ${msDigits(holdQ)} ms already exceeds the ${qName} target of ` +
      `${msDigits(input.targetMs ?? 0)} ms: no pool size can meet it (shorten the queries)`
    );
  }
  if (!(a <= MAX_OFFERED_ERLANGS)) {
    return (
      `the offered load of ${a.toPrecision(3)} erlangs is beyond what the planner sizes ` + `(${MAX_OFFERED_ERLANGS})`
    );
  }
  return null;
}

function empty(): Pick<
  PlanResult,
  'poolSize' | 'utilization' | 'pWait' | 'meanWaitMs' | 'p99Ms' | 'headroom' | 'absorbableSpikeSec'
> {
  return {
    poolSize: null,
    utilization: null,
    pWait: null,
    meanWaitMs: null,
    p99Ms: null,
    headroom: null,
    absorbableSpikeSec: null,
  };
}

/**
 * Headroom against the peak and absorbable spike length (current capacity if measured, else the planned pool's c/S).
 */
export function spikeFigures(
  input: Pick<PlanInput, 'peakRatePerSec' | 'acquireTimeoutMs' | 'currentCapacityPerSec'>,
  plannedCapacityPerSec: number | null,
): Pick<PlanResult, 'headroom' | 'absorbableSpikeSec'> {
  const capacity = input.currentCapacityPerSec ?? plannedCapacityPerSec;
  const peak = input.peakRatePerSec;
  if (capacity === null || peak === undefined || !(peak > 0)) return { headroom: null, absorbableSpikeSec: null };
  const absorbable =
    input.acquireTimeoutMs !== undefined && peak > capacity
      ? ((input.acquireTimeoutMs / 1000) * capacity) / (peak - capacity)
      : null;
  return { headroom: capacity / peak - 1, absorbableSpikeSec: absorbable };
}
