/**
 * A simulated pool service for the adaptive search: P slots held S ms plus o ms outside the
 * pool per request, so X(N) = min(N/R0, P/S) with R0 = S + o and the knee at P·(S + o)/S;
 * each 1 s window's goodput carries relative normal noise (cv) drawn from src/stats' RNG.
 */
import {
  decideNextLevel,
  type AdaptiveDecision,
  type AdaptiveLevel,
  type AdaptiveSpec,
} from '../../../src/analyze/adaptive/search.js';
import { createRng, normalQuantile } from '../../../src/stats/index.js';

export type PoolModel = { pool: number; holdMs: number; overheadMs: number; cv: number };

export function trueKnee(m: PoolModel): number {
  return (m.pool * (m.holdMs + m.overheadMs)) / m.holdMs;
}

export function normalNoise(seed: number): () => number {
  const rng = createRng(seed);
  return () => normalQuantile((rng.int(65536) * 65536 + rng.int(65536) + 0.5) / 4294967296);
}

export type SearchRun = {
  levels: AdaptiveLevel[];
  stop: Extract<AdaptiveDecision, { action: 'stop' }>;
  loadMs: number;
};

/** Runs the pure decision loop against the model until it stops (at most 60 levels). */
export function simulateSearch(model: PoolModel, spec: AdaptiveSpec, seed: number, samples: number): SearchRun {
  const z = normalNoise(seed * 7919 + 13);
  const r0Sec = (model.holdMs + model.overheadMs) / 1000;
  const xmax = (model.pool * 1000) / model.holdMs;
  const levels: AdaptiveLevel[] = [];
  for (let i = 0; i < 60; i += 1) {
    const d = decideNextLevel(levels, spec, { samples, seed });
    if (d.action === 'stop') return { levels, stop: d, loadMs: levels.reduce((s, l) => s + l.durationMs, 0) };
    const x = Math.min(d.level / r0Sec, xmax);
    const windows = Array.from({ length: d.holdMs / 1000 }, () => x * (1 + model.cv * z()));
    levels.push({ level: d.level, durationMs: d.holdMs, windowGoodputPerSec: windows, errorRate: 0 });
  }
  throw new Error('the search did not stop within 60 levels');
}
