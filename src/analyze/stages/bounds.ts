/**
 * Capacity from the hold stages of a stage scenario (baseline → spike → recovery), where
 * there are too few levels for a fit: the operational asymptotic bounds of ANALYSIS.md §1.
 *
 *   anchor      the lowest hold that is not saturated (no pool errors, open: goodput keeps
 *               up with the offered rate and in-flight is stable); R0 = its mean ok latency
 *   saturated   a hold above the anchor whose goodput is well below proportional:
 *               closed X_hi/X_lo < 0.8·N_hi/N_lo; open X < 0.9·λ or in-flight grows;
 *               or (pool pressure) ≥ 1 % pool-class errors or Server-Timing pool wait
 *               > 0.2·R0. Xmax is read from the holds with a goodput shortfall (else those
 *               with pool pressure), within 20 % of the best of them
 *   Xmax        median goodput of those holds (open: their first 2 s skipped)
 *   knee        N* = Xmax·R0 (not censored; a bounds estimate, not a fit)
 *   interval    N*·(1 ± 1.96·√(cv_X² + cv_R0²)) from the window-to-window spread of the
 *               saturated holds' goodput and of the anchor's mean latency: stages are short
 *               and their windows autocorrelated, so the spread, not its standard error
 *   queueing    the saturated hold's latency follows N/Xmax (closed: within 20 %, and
 *               ≥ 1.5·R0): the signature of a fixed-capacity limit
 */
import type { WindowRecord } from '../../record/types.js';
import { holdShare } from '../knee/pool.js';
import { isPoolClass } from '../error-classes.js';
import { maxOf, medianOf, minOf } from '../../stats/index.js';
import type { StepSummary } from '../types.js';

export type StageBounds = {
  anchor: StepSummary;
  /** The saturated holds that read Xmax, by level; empty when every hold scaled with its load. */
  saturated: StepSummary[];
  r0Ms: number;
  /** Saturated: median goodput of the saturated holds; else the top hold's goodput (a lower bound). */
  xmaxPerSec: number;
  xmaxCi: [number, number];
  /** N* = Xmax·R0, null when no hold saturated (the knee is above the top hold). */
  knee: number | null;
  kneeCi: [number, number] | null;
  /** (highest unsaturated x, lowest saturated x]; not reached: (x_top, x_top]. */
  bracket: [number, number];
  /** x of the highest hold (the tested edge). */
  edge: number;
  /** Relative half-width of the knee interval. */
  halfWidth: number;
  /** Pool-class errors (acquire timeout, too many clients, 503) on a saturated hold. */
  poolErrors: boolean;
  /** Median Server-Timing pool wait of the saturated holds, ms (null without Server-Timing). */
  waitMs: number | null;
  queueing: boolean;
  /** Server-Timing hold time at the anchor, ms (null without). */
  holdMs: number | null;
  /** Share of the saturated holds' ok responses that carried it (1: all, or no Server-Timing). */
  holdShare: number;
};

const PROPORTIONAL = 0.8;
const OPEN_KEEP_UP = 0.9;
const POOL_ERROR_FRACTION = 0.01;
const SETTLE_WINDOWS = 2;

export function poolErrorFraction(s: StepSummary): number {
  const attempts = s.ok + s.errorCount;
  if (attempts === 0) return 0;
  let pool = 0;
  for (const [cls, n] of Object.entries(s.errorsByClass))
    if (isPoolClass(cls as Parameters<typeof isPoolClass>[0])) pool += n;
  return pool / attempts;
}

function pressured(s: StepSummary, r0Ms: number | null): boolean {
  if (poolErrorFraction(s) >= POOL_ERROR_FRACTION) return true;
  if (s.model === 'open' && (!s.stable || s.goodputPerSec < OPEN_KEEP_UP * s.level)) return true;
  return r0Ms !== null && s.serverTiming !== null && s.serverTiming.waitMs > 0.2 * r0Ms;
}

/** Goodput falls short of the load: closed X_hi/X_lo < 0.8·N_hi/N_lo; open X < 0.9·λ or in-flight grows. */
function shortfall(s: StepSummary, anchor: StepSummary): boolean {
  if (s.model === 'open') return !s.stable || s.goodputPerSec < OPEN_KEEP_UP * s.level;
  if (!(s.level > anchor.level) || !(anchor.goodputPerSec > 0)) return false;
  return s.goodputPerSec / anchor.goodputPerSec < PROPORTIONAL * (s.level / anchor.level);
}

/**
 * The holds that read the capacity: those whose goodput falls short of their load, else
 * (none does) those with pool pressure; of these, the ones within 20 % of the best goodput,
 * so that a recovery stage still draining a backlog does not drag Xmax down.
 */
function capacityHolds(
  holds: readonly StepSummary[],
  anchor: StepSummary,
): { cap: StepSummary[]; pressured: StepSummary[] } {
  const above = holds.filter((s) => s !== anchor);
  const limited = above.filter((s) => shortfall(s, anchor));
  const pressed = above.filter((s) => pressured(s, anchor.meanOkLatencyMs));
  const pool = limited.length > 0 ? limited : pressed;
  const best = maxOf(
    pool.map((s) => s.goodputPerSec),
    0,
  );
  return { cap: pool.filter((s) => s.goodputPerSec >= 0.8 * best), pressured: [...new Set([...limited, ...pressed])] };
}

function measured(s: StepSummary, windows: readonly WindowRecord[]): WindowRecord[] {
  const out = windows
    .slice(Math.max(s.windowRange[0], 0), s.windowRange[1] + 1)
    .filter((w) => !w.warmup && w.durationMs > 0);
  return s.model === 'open' && out.length > SETTLE_WINDOWS * 2 ? out.slice(SETTLE_WINDOWS) : out;
}

function cvOf(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  if (!(mean > 0)) return 0;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return Math.sqrt(ss / (values.length - 1)) / mean;
}

function goodputOf(ws: readonly WindowRecord[], fallback: number): number {
  const sec = ws.reduce((a, w) => a + w.durationMs, 0) / 1000;
  return sec > 0 ? ws.reduce((a, w) => a + w.ok, 0) / sec : fallback;
}

/** Hold stages (not ramps: `ramps` holds their step indexes; not generator-limited) with completions, by level. */
export function holdStages(steps: readonly StepSummary[], ramps: ReadonlySet<number>): StepSummary[] {
  return steps
    .filter((s) => s.kind === 'stage' && !ramps.has(s.index) && !s.generatorSaturated && s.ok > 0)
    .sort((p, q) => p.level - q.level || p.index - q.index);
}

/** Bounds from the hold stages; null when there is no unsaturated hold to anchor R0. */
export function stageBounds(
  steps: readonly StepSummary[],
  ramps: ReadonlySet<number>,
  windows: readonly WindowRecord[],
): StageBounds | null {
  const holds = holdStages(steps, ramps);
  const anchor = holds.find((s) => !pressured(s, null) && s.meanOkLatencyMs > 0);
  if (anchor === undefined) return null;
  const { cap: saturated, pressured: strained } = capacityHolds(holds, anchor);
  const r0Ms = anchor.meanOkLatencyMs;
  const xOf = (s: StepSummary): number => (s.model === 'closed' ? s.level : s.inFlight);
  const anchorCv = cvOf(
    measured(anchor, windows)
      .filter((w) => w.ok > 0)
      .map((w) => w.okLatencySumUs / w.ok / 1000),
  );
  const unsat = holds.filter((s) => !strained.includes(s));
  const top = holds[holds.length - 1] as StepSummary;
  const holdMs = anchor.serverTiming !== null && anchor.serverTiming.holdMs > 0 ? anchor.serverTiming.holdMs : null;
  const share = holdShare(saturated.length > 0 ? saturated : [anchor]);
  const base = { anchor, saturated, r0Ms, edge: xOf(top), holdMs, holdShare: share };
  if (saturated.length === 0) {
    return {
      ...base,
      xmaxPerSec: top.goodputPerSec,
      xmaxCi: [top.goodputPerSec, top.goodputPerSec],
      knee: null,
      kneeCi: null,
      bracket: [xOf(top), xOf(top)],
      halfWidth: 0,
      poolErrors: false,
      waitMs: null,
      queueing: false,
    };
  }
  const perStage = saturated.map((s) => measured(s, windows));
  const xmax = medianOf(saturated.map((s, i) => goodputOf(perStage[i] as WindowRecord[], s.goodputPerSec)));
  const xCv = cvOf(perStage.flat().map((w) => (w.ok * 1000) / w.durationMs));
  const halfWidth = 1.959964 * Math.hypot(xCv, anchorCv);
  const knee = (xmax * r0Ms) / 1000;
  const timed = saturated.filter((s) => s.serverTiming !== null);
  const hi = saturated.reduce((p, q) => (q.level > p.level ? q : p));
  const expectedMs = hi.model === 'closed' ? (hi.level / (xmax + hi.errorPerSec)) * 1000 : Number.NaN;
  return {
    ...base,
    xmaxPerSec: xmax,
    xmaxCi: [xmax * Math.max(0, 1 - 1.959964 * xCv), xmax * (1 + 1.959964 * xCv)],
    knee,
    kneeCi: [knee * Math.max(0, 1 - halfWidth), knee * (1 + halfWidth)],
    bracket: [
      maxOf(unsat.filter((s) => xOf(s) < xOf(saturated[0] as StepSummary)).map(xOf), 0),
      minOf(saturated.map(xOf)),
    ],
    halfWidth,
    poolErrors: strained.some((s) => poolErrorFraction(s) >= POOL_ERROR_FRACTION),
    waitMs: timed.length > 0 ? medianOf(timed.map((s) => s.serverTiming?.waitMs ?? 0)) : null,
    queueing: hi.meanOkLatencyMs >= 1.5 * r0Ms && Math.abs(hi.meanOkLatencyMs / expectedMs - 1) <= 0.2,
  };
}
