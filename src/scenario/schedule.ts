/**
 * buildSchedule: Scenario -> Schedule (pure). Stages become phases in order; a sweep becomes
 * an optional level-1 probe, then geometric or linear levels, each `warmup + hold` long.
 *
 * Every phase starts and ends on a whole second (durations are rounded UP to whole
 * seconds, a sweep's warm-up and hold separately), so the engine's 1 s windows never
 * straddle two phases and a level's warm-up is exactly its first windows.
 *
 *   level            a geometric sweep from 1 to 8 (probe = the c=1 level)
 *     8 |                      ░░▓▓▓▓▓▓
 *     4 |             ░░▓▓▓▓▓▓          ░ warm-up (discarded by the analysis)
 *     2 |    ░░▓▓▓▓▓▓                   ▓ hold (measured)
 *     1 |░▓▓▓                           refinement levels are added at run time
 *       +--------------------------------> time
 */
import type { LoadModel, Phase, Scenario, Schedule, Stage, SweepSpec } from './types.js';

/** Rounds a duration up to whole seconds (at least one second for any positive duration). */
export function ceilToSecondMs(ms: number): number {
  // The epsilon keeps float noise (3000.0000001 ms) from adding a whole second.
  return Math.max(0, Math.ceil(ms / 1000 - 1e-9)) * 1000;
}

/** "c=16" (closed: concurrency) or "r=200/s" (open: arrivals per second). */
export function levelLabel(model: LoadModel, level: number): string {
  return model === 'closed' ? `c=${level}` : `r=${level}/s`;
}

/** Rates keep two decimals; concurrency is whole. */
function roundLevel(model: LoadModel, level: number): number {
  return model === 'closed' ? Math.round(level) : Math.round(level * 100) / 100;
}

/** The sweep's levels, increasing, always ending with `to` (without the probe). */
export function sweepLevels(model: LoadModel, sweep: SweepSpec): number[] {
  const levels: number[] = [];
  const push = (raw: number): void => {
    const level = roundLevel(model, raw);
    const last = levels[levels.length - 1];
    if (level < sweep.to && (last === undefined || level > last)) levels.push(level);
  };
  if (sweep.spacing === 'geometric') {
    const factor = sweep.factor ?? 2;
    for (let level = sweep.from; level < sweep.to; level *= factor) push(level);
  } else {
    const increment = sweep.increment ?? Math.max(1, Math.ceil((sweep.to - sweep.from) / 8));
    for (let k = 0; sweep.from + k * increment < sweep.to; k++) push(sweep.from + k * increment);
  }
  levels.push(roundLevel(model, sweep.to));
  return levels;
}

function planStages(stages: readonly Stage[]): Omit<Phase, 'index' | 'startMs'>[] {
  let previousLevel = 0;
  return stages.map((stage, i) => {
    const fromLevel = stage.kind === 'hold' ? stage.level : previousLevel;
    const toLevel = stage.kind === 'hold' ? stage.level : stage.rampTo;
    previousLevel = toLevel;
    return {
      kind: 'stage',
      label: stage.name ?? `stage ${i + 1}`,
      durationMs: ceilToSecondMs(stage.durationMs),
      warmupMs: 0,
      fromLevel,
      toLevel,
    };
  });
}

function planSweep(model: LoadModel, sweep: SweepSpec): Omit<Phase, 'index' | 'startMs'>[] {
  const warmupMs = ceilToSecondMs(sweep.warmupMs);
  const durationMs = warmupMs + ceilToSecondMs(sweep.holdMs);
  const levels = sweepLevels(model, sweep);
  const phases: Omit<Phase, 'index' | 'startMs'>[] = [];
  const probeIsFirstLevel = sweep.probe && sweep.from <= 1;
  if (sweep.probe && !probeIsFirstLevel)
    phases.push({ kind: 'probe', label: 'probe', durationMs, warmupMs, fromLevel: 1, toLevel: 1 });
  levels.forEach((level, i) => {
    const probe = probeIsFirstLevel && i === 0;
    phases.push({
      kind: probe ? 'probe' : 'level',
      label: probe ? 'probe' : levelLabel(model, level),
      durationMs,
      warmupMs,
      fromLevel: level,
      toLevel: level,
    });
  });
  return phases;
}

/**
 * The adaptive search's opening level: a probe at `from` for 2 s (the same first level as
 * analyze/adaptive/search.ts decides); every later level is decided at run time.
 */
export const ADAPTIVE_PROBE_MS = 2000;

function planAdaptive(model: LoadModel, sweep: SweepSpec): Omit<Phase, 'index' | 'startMs'>[] {
  const level = roundLevel(model, sweep.from);
  return [
    { kind: 'probe', label: 'probe', durationMs: ADAPTIVE_PROBE_MS, warmupMs: 0, fromLevel: level, toLevel: level },
  ];
}

function scheduleSweep(sweep: SweepSpec | undefined): Schedule['sweep'] {
  if (sweep === undefined) return undefined;
  const a = sweep.adaptive;
  if (a !== undefined) {
    return {
      refine: 0,
      stopAfterKnee: false,
      holdMs: ADAPTIVE_PROBE_MS,
      warmupMs: 0,
      adaptive: { from: sweep.from, to: sweep.to, precision: a.precision, maxLoadMs: a.maxDurationMs },
    };
  }
  return {
    refine: sweep.refine,
    stopAfterKnee: sweep.stopAfterKnee,
    holdMs: ceilToSecondMs(sweep.holdMs),
    warmupMs: ceilToSecondMs(sweep.warmupMs),
  };
}

/**
 * The timed schedule the engine follows (refinement levels are added by the engine at run
 * time). An adaptive search plans its probe only: its total is the most load it may run
 * (maxDuration) and its peak the highest level it may reach (`to`).
 */
export function buildSchedule(scenario: Scenario): Schedule {
  const { model, stages, sweep } = scenario.load;
  const adaptive = sweep?.adaptive;
  const parts =
    sweep !== undefined
      ? adaptive !== undefined
        ? planAdaptive(model, sweep)
        : planSweep(model, sweep)
      : planStages(stages ?? []);
  let startMs = 0;
  const phases: Phase[] = parts.map((part, index) => {
    const phase: Phase = { index, startMs, ...part };
    startMs += part.durationMs;
    return phase;
  });
  const planned = phases.reduce((peak, p) => Math.max(peak, p.fromLevel, p.toLevel), 0);
  return {
    model,
    phases,
    totalMs: adaptive !== undefined && sweep !== undefined ? ceilToSecondMs(adaptive.maxDurationMs) : startMs,
    peakLevel: adaptive !== undefined && sweep !== undefined ? roundLevel(model, sweep.to) : planned,
    sweep: scheduleSweep(sweep),
  };
}
