/**
 * CAPKNEE step 8 (ANALYSIS.md §3.4): the queueing signature of a fixed-capacity limit and
 * the Server-Timing gap that exposes a generator-side bottleneck.
 *
 *   Beyond the knee of a closed loop, R(N) ≈ N/Xmax: latency grows by 1/Xmax per extra
 *   client and the line extrapolates to ≈ 0 at N = 0. OLS R = c0 + c1·x on the steps past
 *   τ; confirmed when |c1·Xmax − 1| ≤ 0.2 and |c0| ≤ 0.2·R0.
 *
 *   When the target reports its own time (Server-Timing hold + wait), client latency above
 *   it that grows on the plateau (by > 20 % of R beyond the unloaded gap) is queueing inside
 *   the generator: its sockets or event loop were the bottleneck, not the target.
 */
import { medianOf, olsLine } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

export type QueueingSignature = {
  slopeMsPerRequest: number;
  expectedMsPerRequest: number;
  interceptMs: number;
  confirmed: boolean;
  /** c1·Xmax: > 1.2 means service time itself grows with load. */
  ratio: number;
};

export function queueingSignature(
  steps: readonly StepSummary[],
  tau: number,
  xmaxPerSec: number,
  r0Ms: number,
): QueueingSignature | null {
  const beyond = steps.filter((s) => s.x > tau && s.ok > 0);
  if (beyond.length < 2 || !(xmaxPerSec > 0)) return null;
  const line = olsLine(
    beyond.map((s) => s.x),
    beyond.map((s) => s.meanOkLatencyMs),
  );
  if (line === null) return null;
  const expected = 1000 / xmaxPerSec;
  const ratio = line.c1 / expected;
  return {
    slopeMsPerRequest: line.c1,
    expectedMsPerRequest: expected,
    interceptMs: line.c0,
    confirmed: Math.abs(ratio - 1) <= 0.2 && Math.abs(line.c0) <= 0.2 * r0Ms,
    ratio,
  };
}

export type ClientQueueing = { at: number; excessFraction: number };

/** The Server-Timing gap on the plateau, beyond the unloaded gap; null when no Server-Timing. */
export function clientQueueing(steps: readonly StepSummary[], tau: number): ClientQueueing | null {
  const timed = steps.filter((s) => s.serverTiming !== null && s.ok > 0 && s.meanOkLatencyMs > 0);
  if (timed.length < 2) return null;
  const gapMs = (s: StepSummary): number =>
    s.meanOkLatencyMs - ((s.serverTiming?.holdMs ?? 0) + (s.serverTiming?.waitMs ?? 0));
  const base = gapMs(timed[0] as StepSummary);
  const plateau = timed.filter((s) => s.x >= tau);
  if (plateau.length === 0) return null;
  const excess = plateau.map((s) => (gapMs(s) - base) / s.meanOkLatencyMs);
  const median = medianOf(excess);
  if (!(median > 0.2)) return null;
  const first = plateau.find((s) => (gapMs(s) - base) / s.meanOkLatencyMs > 0.2);
  return { at: first?.x ?? (plateau[0] as StepSummary).x, excessFraction: median };
}
