/**
 * CAPKNEE step 10 (ANALYSIS.md §3.4): pool size from Little's law at the plateau.
 *
 *   P̂ = Xmax · f · S_hold   when the target reports its hold time (Server-Timing `db`): unbiased;
 *                           f is the share of ok responses that reported it (that held a
 *                           connection): a login or catalogue that needs none adds to Xmax, not to
 *                           the pool (checkout-flow.yml: 1 request in 5 holds one of 5 connections)
 *   P̂ = Xmax · R0           otherwise: an UPPER BOUND (R0 includes time spent outside the pool)
 *
 * The interval scales the bootstrap interval of Xmax by the same factor.
 */
import { medianOf } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

export type PoolEstimate = {
  size: number;
  ci95: [number, number];
  basis: 'server-timing' | 'upper-bound';
  holdMs: number;
  /** Set when server-side evidence read the size directly (PostgreSQL active connections). */
  method?: 'pg-stat-activity';
};

/** The pool size pg_stat_activity read (attribution), replacing Little's-law arithmetic. */
export function withObservedSize(
  p: PoolEstimate | null,
  observed: { size: number; ci95: [number, number] } | null,
): PoolEstimate | null {
  if (observed === null || p === null) return p;
  return { ...p, size: observed.size, ci95: observed.ci95, method: 'pg-stat-activity' };
}

/** Hold time S: the probe's (lowest-x step with Server-Timing) hold, else the median over steps; null without. */
export function holdTimeMs(steps: readonly StepSummary[]): number | null {
  const timed = steps.filter((s) => s.serverTiming !== null && s.serverTiming.holdMs > 0);
  if (timed.length === 0) return null;
  const probe = timed.find((s) => s.kind === 'probe');
  return probe?.serverTiming?.holdMs ?? medianOf(timed.map((s) => s.serverTiming?.holdMs ?? 0));
}

/** Median share of ok responses that carried a Server-Timing hold over `steps` (1 when none says). */
export function holdShare(steps: readonly StepSummary[]): number {
  const shares = steps.map((s) => s.serverTiming?.share).filter((v): v is number => v !== undefined && v > 0);
  return shares.length === 0 ? 1 : medianOf(shares);
}

export function estimatePoolSize(
  xmaxPerSec: number,
  xmaxCi: [number, number] | null,
  holdMs: number | null,
  r0Ms: number,
  share = 1,
): PoolEstimate | null {
  if (!(xmaxPerSec > 0)) return null;
  const basis = holdMs !== null ? 'server-timing' : 'upper-bound';
  const perReqSec = (holdMs === null ? r0Ms : holdMs * share) / 1000;
  if (!(perReqSec > 0)) return null;
  const ci = xmaxCi ?? [xmaxPerSec, xmaxPerSec];
  return { size: xmaxPerSec * perReqSec, ci95: [ci[0] * perReqSec, ci[1] * perReqSec], basis, holdMs: holdMs ?? r0Ms };
}
