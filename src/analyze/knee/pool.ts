/**
 * CAPKNEE step 10 (ANALYSIS.md §3.4): pool size from Little's law at the plateau.
 *
 *   P̂ = Xmax · S_hold   when the target reports its hold time (Server-Timing `db`): unbiased
 *   P̂ = Xmax · R0       otherwise: an UPPER BOUND (R0 includes time spent outside the pool)
 *
 * The interval scales the bootstrap interval of Xmax by the same factor.
 */
import { medianOf } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

export type PoolEstimate = { size: number; ci95: [number, number]; basis: 'server-timing' | 'upper-bound'; holdMs: number };

/** Hold time S: the probe's (lowest-x step with Server-Timing) hold, else the median over steps; null without. */
export function holdTimeMs(steps: readonly StepSummary[]): number | null {
  const timed = steps.filter((s) => s.serverTiming !== null && s.serverTiming.holdMs > 0);
  if (timed.length === 0) return null;
  const probe = timed.find((s) => s.kind === 'probe');
  return probe?.serverTiming?.holdMs ?? medianOf(timed.map((s) => s.serverTiming?.holdMs ?? 0));
}

export function estimatePoolSize(xmaxPerSec: number, xmaxCi: [number, number] | null, holdMs: number | null, r0Ms: number): PoolEstimate | null {
  if (!(xmaxPerSec > 0)) return null;
  const basis = holdMs !== null ? 'server-timing' : 'upper-bound';
  const perReqSec = (holdMs ?? r0Ms) / 1000;
  if (!(perReqSec > 0)) return null;
  const ci = xmaxCi ?? [xmaxPerSec, xmaxPerSec];
  return { size: xmaxPerSec * perReqSec, ci95: [ci[0] * perReqSec, ci[1] * perReqSec], basis, holdMs: holdMs ?? r0Ms };
}
