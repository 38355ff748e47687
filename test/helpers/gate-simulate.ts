/**
 * Seeded simulation of gate samples, for tests and for checking the gate's error rates
 * (ANALYSIS.md §5.3 table, §6 T12). Run-to-run noise is lognormal: Xmax = x · exp(σ·Z),
 * σ = ln(1 + cv). Deterministic for a given seed (helpers/rng.ts).
 */
import type { GateSample } from '../../src/gate/types.js';
import { normalDraw } from './rng.js';

export { createRng } from './rng.js';

export type SimulationSpec = {
  runs: number;
  /** True max goodput, req/s (default 400). */
  maxGoodputPerSec?: number;
  /** Run-to-run CV (default 0.03). */
  cv?: number;
  /** True relative change applied to every run (default 0; −0.2 = 20 % lower). */
  change?: number;
  /** Indexes of runs that get an extra outlier hit. */
  outlierRuns?: readonly number[];
  /** Relative hit of an outlier run (default −0.3). */
  outlierChange?: number;
  /** True knee concurrency (default 20); `kneeCensored` makes it "not reached" (> maxLevel). */
  knee?: number;
  kneeCensored?: boolean;
  /** Highest level tested (default 64). */
  maxLevel?: number;
  /** Error onset level, or null (default null). */
  errorOnset?: number | null;
  /** Run ids are `<prefix>-<i>` (default "sim"). */
  idPrefix?: string;
  generatorSaturated?: boolean;
};

/** Draws `spec.runs` samples from `rng`. */
export function simulateGateSamples(rng: () => number, spec: SimulationSpec): GateSample[] {
  const sigma = Math.log(1 + (spec.cv ?? 0.03));
  const maxLevel = spec.maxLevel ?? 64;
  const levels: number[] = [];
  for (let level = 1; level <= maxLevel; level *= 2) levels.push(level);
  const outliers = new Set(spec.outlierRuns ?? []);
  const samples: GateSample[] = [];
  for (let i = 0; i < spec.runs; i++) {
    const hit = outliers.has(i) ? 1 + (spec.outlierChange ?? -0.3) : 1;
    const xmax = (spec.maxGoodputPerSec ?? 400) * (1 + (spec.change ?? 0)) * hit * Math.exp(sigma * normalDraw(rng));
    const kneeValue = (spec.knee ?? 20) * (1 + (spec.change ?? 0)) * Math.exp(sigma * normalDraw(rng));
    samples.push({
      runId: `${spec.idPrefix ?? 'sim'}-${i}`,
      scenario: 'simulated',
      scenarioSha256: '',
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      maxGoodputPerSec: xmax,
      maxGoodputCensored: false,
      knee:
        spec.kneeCensored === true
          ? { concurrency: maxLevel, ci95: [maxLevel, maxLevel], censored: 'above' }
          : { concurrency: kneeValue, ci95: [kneeValue * 0.9, kneeValue * 1.1], censored: null },
      maxLevelTested: maxLevel,
      levelsTested: levels,
      errorOnset: spec.errorOnset ?? null,
      slo: [],
      generatorSaturated: spec.generatorSaturated ?? false,
    });
  }
  return samples;
}
