/**
 * The adaptive search's decision (ANALYSIS.md §9.3): given the levels measured so far, the
 * next level to run and how long to hold it, or why to stop. Pure; the engine's coordinator
 * calls it (injected from src/cli) after each level's last window.
 *
 *   goodput                                       1  probe at `from`, 2 s (unloaded latency)
 *      |            ·  ·2···2····  ·              2  double, 1 s each, while X still scales
 *      |        1 · 2                                (X_i/X_{i−1} ≥ 0.8·N_i/N_{i−1}, errors ≤ 5 %)
 *      |      ·                                   3  scaling failed: fit the hinge on every window;
 *      |    ·                                        2 s levels on each side of the fitted corner
 *      |  ·                                          (0.8·τ̂ and 1.25·τ̂), the side with fewer
 *      |·                                            windows first: each one shrinks the interval
 *      +-----------------------> concurrency      4  stop when the 95 % interval is within
 *                                                    ±precision of τ̂ (and ≥ 2 windows on each
 *                                                    side), at `to` (not reached), or when the
 *                                                    load time would pass maxDuration.
 *
 * Load time counts every window run (probe and scan too), never the pauses between levels.
 */
import { estimateAdaptiveKnee, type AdaptiveEstimate, type AdaptivePoint } from './estimate.js';

export type AdaptiveSpec = {
  /** First level (the probe) and the highest level the search may run. */
  from: number;
  to: number;
  /** Stop once the 95 % interval lies within ±precision (fraction) of the knee. */
  precision: number;
  /** Most load time, ms (every level's hold, summed). */
  maxLoadMs: number;
};

/** One level run by the search: its measured 1 s windows' goodput. */
export type AdaptiveLevel = {
  level: number;
  durationMs: number;
  windowGoodputPerSec: readonly number[];
  errorRate: number;
  /** The generator limited this level (most windows saturated): the analysis leaves it out, so the search does. */
  generatorLimited?: boolean;
};

export type AdaptivePurpose = 'probe' | 'scan' | 'refine';
export type AdaptiveStopReason = 'precision' | 'max-duration' | 'not-reached' | 'saturated';

export type AdaptiveDecision =
  | { action: 'run'; level: number; holdMs: number; purpose: AdaptivePurpose }
  | { action: 'stop'; reason: AdaptiveStopReason };

export type DecideOptions = { samples: number; seed: number };

/** What runs use: the analysis' own bootstrap seed and resample count (analyze/index.ts defaults). */
export const RUN_DECIDE_OPTIONS: DecideOptions = { samples: 1000, seed: 1 };

export const PROBE_HOLD_MS = 2000;
export const SCAN_HOLD_MS = 1000;
export const REFINE_HOLD_MS = 2000;
/** Still scaling: goodput grew by at least this share of the level's growth. */
const SCALING = 0.8;
const ERROR_LIMIT = 0.05;
/** Windows needed on each side of the corner before the interval may stop the search. */
const SIDE_WINDOWS = 2;
const BELOW = 0.8;
const ABOVE = 1.25;

/** Every measured window as a point (x = level). */
export function adaptivePoints(levels: readonly AdaptiveLevel[]): AdaptivePoint[] {
  return levels.flatMap((l) => l.windowGoodputPerSec.map((g) => ({ level: l.level, goodputPerSec: g })));
}

function goodputOf(level: AdaptiveLevel): number {
  const w = level.windowGoodputPerSec;
  return w.length > 0 ? w.reduce((sum, g) => sum + g, 0) / w.length : 0;
}

/** Load time so far, ms: every level's measured windows. */
export function loadMsOf(levels: readonly AdaptiveLevel[]): number {
  return levels.reduce((sum, l) => sum + l.durationMs, 0);
}

/** Index of the first level (in run order) where throughput stopped scaling, if any. */
export function scalingBreak(levels: readonly AdaptiveLevel[]): number | undefined {
  for (let i = 1; i < levels.length; i += 1) {
    const prev = levels[i - 1]!;
    const cur = levels[i]!;
    if (cur.level <= prev.level) return i;
    const gain = goodputOf(prev) > 0 ? goodputOf(cur) / goodputOf(prev) : Infinity;
    if (gain < SCALING * (cur.level / prev.level) || cur.errorRate > ERROR_LIMIT) return i;
  }
  return undefined;
}

/**
 * True when the interval lies within ±precision of the knee, with at least 2 windows close
 * below the corner ((τ/2, τ]) and 2 past it: a hinge is only as sure as both of its lines.
 */
export function precise(levels: readonly AdaptiveLevel[], estimate: AdaptiveEstimate, precision: number): boolean {
  const { knee, ci95 } = estimate;
  const { below, beyond } = sides(levels, knee);
  return (
    estimate.censored === null &&
    below >= SIDE_WINDOWS &&
    beyond >= SIDE_WINDOWS &&
    ci95[0] >= knee * (1 - precision) - 1e-9 &&
    ci95[1] <= knee * (1 + precision) + 1e-9
  );
}

/** Windows close below the knee ((τ/2, τ]) and past it. */
function sides(levels: readonly AdaptiveLevel[], knee: number): { below: number; beyond: number } {
  let below = 0;
  let beyond = 0;
  for (const l of levels) {
    if (l.level > knee) beyond += l.windowGoodputPerSec.length;
    else if (l.level > knee / 2) below += l.windowGoodputPerSec.length;
  }
  return { below, beyond };
}

/** The next refinement level: 0.8·τ̂ or 1.25·τ̂, on the side of the corner with fewer windows. */
function refineLevel(levels: readonly AdaptiveLevel[], estimate: AdaptiveEstimate, spec: AdaptiveSpec): number {
  const { below, beyond } = sides(levels, estimate.knee);
  const low = Math.max(spec.from, Math.floor(estimate.knee * BELOW));
  const high = Math.min(spec.to, Math.ceil(estimate.knee * ABOVE));
  return below < beyond && low < estimate.knee ? low : high;
}

/** A level of `holdMs`, shortened (whole seconds, ≥ 1 s) to what is left of maxDuration. */
function withinBudget(
  levels: readonly AdaptiveLevel[],
  spec: AdaptiveSpec,
  level: number,
  holdMs: number,
  purpose: AdaptivePurpose,
): AdaptiveDecision {
  const left = spec.maxLoadMs - loadMsOf(levels);
  const hold = Math.min(holdMs, Math.floor(left / 1000) * 1000);
  if (hold < 1000) return { action: 'stop', reason: 'max-duration' };
  return { action: 'run', level, holdMs: hold, purpose };
}

/**
 * Doubling while throughput scales, from the highest level run (usable or not); at `to`, the
 * knee is not reached when `to` itself was usable, else `to` is measured again.
 */
function scanNext(
  all: readonly AdaptiveLevel[],
  usable: readonly AdaptiveLevel[],
  spec: AdaptiveSpec,
): AdaptiveDecision {
  const top = all.reduce((m, l) => Math.max(m, l.level), 0);
  if (top >= spec.to && usable.some((l) => l.level >= spec.to)) return { action: 'stop', reason: 'not-reached' };
  return withinBudget(all, spec, Math.min(spec.to, Math.max(top + 1, Math.round(top * 2))), SCAN_HOLD_MS, 'scan');
}

/** The geometric middle of the levels where scaling broke, or on upwards when they are adjacent. */
function fillBreak(
  all: readonly AdaptiveLevel[],
  usable: readonly AdaptiveLevel[],
  broke: number,
  spec: AdaptiveSpec,
): AdaptiveDecision {
  const a = usable[broke - 1]!.level;
  const b = usable[broke]!.level;
  const mid = Math.round(Math.sqrt(a * b));
  if (mid <= Math.min(a, b) || mid >= Math.max(a, b)) return scanNext(all, usable, spec);
  return withinBudget(all, spec, mid, SCAN_HOLD_MS, 'scan');
}

/**
 * The next level of the search, or why it stops. Levels the generator limited count as load
 * but not as data (the analysis leaves them out too): a limited probe is run again, a limited
 * scan level is skipped over, and the fit and the stop rule see the usable levels only.
 */
export function decideNextLevel(
  all: readonly AdaptiveLevel[],
  spec: AdaptiveSpec,
  options: DecideOptions,
): AdaptiveDecision {
  const levels = all.filter((l) => l.generatorLimited !== true);
  if (!levels.some((l) => l.level === spec.from)) return withinBudget(all, spec, spec.from, PROBE_HOLD_MS, 'probe');
  const broke = scalingBreak(levels);
  if (broke === undefined) return scanNext(all, levels, spec);
  const estimate = estimateAdaptiveKnee(adaptivePoints(levels), options);
  // Fewer than 3 usable levels (the generator limited the others): a level inside the break.
  if (estimate === null) return fillBreak(all, levels, broke, spec);
  // The fit still sees a rising line: keep scanning upwards.
  if (estimate.censored === 'above') return scanNext(all, levels, spec);
  if (estimate.censored === 'below') return { action: 'stop', reason: 'saturated' };
  if (precise(levels, estimate, spec.precision)) return { action: 'stop', reason: 'precision' };
  return withinBudget(all, spec, refineLevel(levels, estimate, spec), REFINE_HOLD_MS, 'refine');
}
