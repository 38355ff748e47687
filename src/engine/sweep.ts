/**
 * The engine's simple sweep rules (DESIGN.md §5, ANALYSIS.md §3.4 "step design"); the
 * analyzer may inject a better `refine` through runLoad's options. Pure.
 *
 * Goodput X against level x, levels sorted:
 *   - the knee bracket is the first interval (x_{j-1}, x_j] whose goodput gain is under half
 *     of proportional (X_j/X_{j-1} - 1 < 0.5·(x_j/x_{j-1} - 1)) or where errors pass 5 %;
 *   - goodput "stopped rising" at the last level before a gain under 5 % (or errors > 5 %);
 *     stopAfterKnee ends the coarse sweep two levels past it.
 */
import type { WindowSnapshot } from '../metrics/types.js';
import type { AdaptiveSchedule, LoadModel, Phase } from '../scenario/types.js';
import type { AdaptiveNext, AdaptiveStepResult, SweepStepResult } from './types.js';

export const PLATEAU_GAIN = 0.05;
export const ERROR_LIMIT = 0.05;

function byLevel(steps: readonly SweepStepResult[]): SweepStepResult[] {
  const last = new Map<number, SweepStepResult>();
  for (const s of steps) last.set(s.level, s);
  return [...last.values()].sort((a, b) => a.level - b.level);
}

/** Index (in level order) of the last level before goodput stopped rising, if it did. */
export function plateauIndex(steps: readonly SweepStepResult[]): number | undefined {
  const sorted = byLevel(steps);
  for (let j = 1; j < sorted.length; j++) {
    const prev = sorted[j - 1]!;
    const cur = sorted[j]!;
    const gain = prev.goodputPerSec > 0 ? cur.goodputPerSec / prev.goodputPerSec - 1 : Infinity;
    if (gain < PLATEAU_GAIN || cur.errorRate > ERROR_LIMIT) return j - 1;
  }
  return undefined;
}

/** True once the sweep has run two levels past the plateau. */
export function shouldStopAfterKnee(steps: readonly SweepStepResult[]): boolean {
  const p = plateauIndex(steps);
  return p !== undefined && byLevel(steps).length - 1 >= p + 2;
}

/** The knee bracket [lo, hi] (levels), if the sweep shows one. */
export function kneeBracket(steps: readonly SweepStepResult[]): [number, number] | undefined {
  const sorted = byLevel(steps);
  for (let j = 1; j < sorted.length; j++) {
    const prev = sorted[j - 1]!;
    const cur = sorted[j]!;
    const gain = prev.goodputPerSec > 0 ? cur.goodputPerSec / prev.goodputPerSec - 1 : Infinity;
    const proportional = cur.level / prev.level - 1;
    if (gain < 0.5 * proportional || cur.errorRate > ERROR_LIMIT) return [prev.level, cur.level];
  }
  return undefined;
}

/** `count` levels bisecting the knee bracket (integers for concurrency), none already run. */
export function defaultRefine(steps: readonly SweepStepResult[], count: number, model: LoadModel = 'closed'): number[] {
  const bracket = kneeBracket(steps);
  if (bracket === undefined || count <= 0) return [];
  const [lo, hi] = bracket;
  const done = new Set(steps.map((s) => s.level));
  const levels: number[] = [];
  for (let i = 1; i <= count; i++) {
    const raw = lo + ((hi - lo) * i) / (count + 1);
    const level = model === 'closed' ? Math.round(raw) : Math.round(raw * 100) / 100;
    if (level > lo && level < hi && !done.has(level) && !levels.includes(level)) levels.push(level);
  }
  return levels;
}

/** Goodput and error rate of a finished sweep phase from its measured (post-warm-up) windows. */
export function summarizeSweepStep(phase: Phase, windows: readonly WindowSnapshot[]): SweepStepResult {
  let ok = 0;
  let failed = 0;
  let durationMs = 0;
  for (const w of windows) {
    if (w.phaseIndex !== phase.index || w.tMs < phase.startMs + phase.warmupMs || w.drain === true) continue;
    ok += w.ok;
    failed += w.errorCount + w.dropped;
    durationMs += w.durationMs;
  }
  return {
    phaseIndex: phase.index,
    kind: phase.kind,
    level: phase.toLevel,
    goodputPerSec: durationMs > 0 ? ok / (durationMs / 1000) : 0,
    errorRate: ok + failed > 0 ? failed / (ok + failed) : 0,
  };
}

/** A finished adaptive level: its measured windows' goodput, its measured time and error rate. */
export function summarizeAdaptiveLevel(phase: Phase, windows: readonly WindowSnapshot[]): AdaptiveStepResult {
  const goodputs: number[] = [];
  let durationMs = 0;
  let ok = 0;
  let failed = 0;
  let saturated = 0;
  for (const w of windows) {
    if (w.phaseIndex !== phase.index || w.tMs < phase.startMs + phase.warmupMs || w.drain === true) continue;
    goodputs.push(w.durationMs > 0 ? w.ok / (w.durationMs / 1000) : 0);
    durationMs += w.durationMs;
    ok += w.ok;
    failed += w.errorCount + w.dropped;
    if (w.generator.saturated) saturated += 1;
  }
  // The record's rule (record/step-generator.ts): a step is generator-limited when most of its windows are.
  const errorRate = ok + failed > 0 ? failed / (ok + failed) : 0;
  return {
    level: phase.toLevel,
    durationMs,
    windowGoodputPerSec: goodputs,
    errorRate,
    generatorLimited: saturated * 2 > goodputs.length,
  };
}

/**
 * The engine's own adaptive rule, for runs without the analyzer's (tests of the engine): double
 * with 1 s levels until goodput stops rising (the plateau rule above) or `to`; no interval.
 */
export function defaultAdaptiveNext(levels: readonly AdaptiveStepResult[], bounds: AdaptiveSchedule): AdaptiveNext {
  const steps = levels.map((l, i) => ({
    phaseIndex: i,
    kind: 'level' as const,
    level: l.level,
    errorRate: l.errorRate,
    goodputPerSec: l.windowGoodputPerSec.reduce((s, g) => s + g, 0) / Math.max(1, l.windowGoodputPerSec.length),
  }));
  const top = levels.reduce((m, l) => Math.max(m, l.level), 0);
  if (plateauIndex(steps) !== undefined) return { action: 'stop', reason: 'plateau' };
  if (top >= bounds.to) return { action: 'stop', reason: 'not-reached' };
  return { action: 'run', level: Math.min(bounds.to, Math.max(top + 1, top * 2)), holdMs: 1000, purpose: 'scan' };
}
