/**
 * One piece of attribution evidence (ANALYSIS.md §9.1). `rank` orders the table's rows:
 * the lower, the stronger. A `Doubt` is an observation that points away from a resource.
 */
import type { BottleneckResource } from '../../record/types.js';
import type { StepSummary } from '../types.js';

export const RANK = { gauges: 1, postgres: 2, wait: 3, messages: 4, cpu: 5, downstream: 6, admission: 7 } as const;

export type Clue = {
  resource: Exclude<BottleneckResource, 'unknown'>;
  rank: number;
  source: string;
  at: number | null;
  text: string;
  /** A pool size the evidence reads directly (pg_stat_activity). */
  poolSize?: { size: number; ci95: [number, number] };
};

export type Doubt = { against: BottleneckResource; source: string; text: string };

export type Clues = { clues: Clue[]; doubts: Doubt[] };

export const NO_CLUES: Clues = { clues: [], doubts: [] };

export function joinClues(parts: readonly Clues[]): Clues {
  return { clues: parts.flatMap((p) => p.clues), doubts: parts.flatMap((p) => p.doubts) };
}

/** A step's name in sentences: "c=16", "200 req/s", or the stage label. */
export function stepName(s: StepSummary): string {
  return s.label;
}

/** The OLS slope of y on x and its standard error; null with fewer than 3 points or no spread. */
export function slopeWithSe(xs: readonly number[], ys: readonly number[]): { slope: number; se: number } | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i += 1) {
    sxx += ((xs[i] as number) - mx) ** 2;
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i += 1) rss += ((ys[i] as number) - my - slope * ((xs[i] as number) - mx)) ** 2;
  return { slope, se: Math.sqrt(rss / (n - 2) / sxx) };
}
