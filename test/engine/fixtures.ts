/** Builders of schedules, targets and totals for engine tests (no scenario parsing needed). */
import type { LoadTarget } from '../../src/engine/types.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import type { LoadModel, Phase, RequestSpec, Schedule } from '../../src/scenario/types.js';

export function request(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    name: 'get',
    method: 'GET',
    path: '/',
    headers: {},
    body: undefined,
    weight: 1,
    expectStatus: [200],
    templated: false,
    ...overrides,
  };
}

export function target(
  url: string,
  overrides: Partial<LoadTarget> & { maxInFlight?: number; arrivals?: 'constant' | 'poisson' } = {},
): LoadTarget {
  const { maxInFlight, arrivals, ...rest } = overrides;
  return {
    url,
    timeoutMs: 5000,
    headers: {},
    requests: [request()],
    load: {
      think: { minMs: 0, maxMs: 0 },
      arrivals: arrivals ?? 'constant',
      seed: 1,
      maxInFlight: maxInFlight ?? 10_000,
    },
    ...rest,
  };
}

/** Stages as [label, durationMs, fromLevel, toLevel], back to back from 0. */
export function stages(model: LoadModel, parts: [string, number, number, number][]): Schedule {
  let startMs = 0;
  const phases: Phase[] = parts.map(([label, durationMs, fromLevel, toLevel], index) => {
    const phase: Phase = { index, kind: 'stage', label, startMs, durationMs, warmupMs: 0, fromLevel, toLevel };
    startMs += durationMs;
    return phase;
  });
  return { model, phases, totalMs: startMs, peakLevel: Math.max(...phases.map((p) => p.toLevel)), sweep: undefined };
}

export function hold(model: LoadModel, level: number, durationMs: number): Schedule {
  return stages(model, [['hold', durationMs, level, level]]);
}

export type SweepSettings = NonNullable<Schedule['sweep']>;

/**
 * A sweep as buildSchedule lays it out: one phase per level (the first a probe), each
 * `warmupMs` of warm-up then `holdMs` measured, back to back from 0. Refinement levels are the
 * engine's to add at run time. `label` names a level (default: probe, then c=N).
 */
export function sweep(
  model: LoadModel,
  levels: readonly number[],
  settings: SweepSettings,
  label: (level: number, index: number) => string = (level, index) => (index === 0 ? 'probe' : `c=${level}`),
): Schedule {
  const { warmupMs, holdMs } = settings;
  const phases: Phase[] = levels.map((level, index) => ({
    index,
    kind: index === 0 ? 'probe' : 'level',
    label: label(level, index),
    startMs: index * (warmupMs + holdMs),
    durationMs: warmupMs + holdMs,
    warmupMs,
    fromLevel: level,
    toLevel: level,
  }));
  return {
    model,
    phases,
    totalMs: levels.length * (warmupMs + holdMs),
    peakLevel: Math.max(...levels),
    sweep: settings,
  };
}

export function total(windows: readonly WindowSnapshot[], pick: (w: WindowSnapshot) => number): number {
  return windows.reduce((sum, w) => sum + pick(w), 0);
}

export function errorsByKind(windows: readonly WindowSnapshot[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of windows) for (const [k, n] of Object.entries(w.errors)) out[k] = (out[k] ?? 0) + n;
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
