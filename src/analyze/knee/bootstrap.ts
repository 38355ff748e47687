/**
 * CAPKNEE step 9 (ANALYSIS.md §3.4): uncertainty by a seeded moving-block bootstrap over
 * each step's 250 ms buckets (block = 4 buckets = 1 s, Künsch 1989). Steps with fewer than
 * 8 blocks fall back to a wild bootstrap of the fit residuals with Rademacher signs. The
 * model class stays fixed; each replicate refits it (Huber IRLS, τ re-searched) and keeps
 * τ, a, b, the plateau goodput and the USL peak. Percentile 95 % intervals come from these.
 *
 * Speed: block sums are precomputed, so a resampled step costs one draw per block; the
 * hinge refits reuse one typed-array workspace and an O(1)-per-τ profile (hinge.ts).
 */
import { createHingeWorkspace, fitHinge, hingeAt } from './hinge.js';
import { createRng, medianOf, type Rng } from '../../stats/index.js';
import type { KneeModel } from '../types.js';
import { fitUsl, type UslFit } from './usl.js';

const BLOCK = 4;
const MIN_BLOCKS = 8;

/** A step's buckets prepared for block resampling. */
export type BlockSource = { blockSums: Float64Array; prefix: Float64Array; m: number; total: number };

export function prepareBlocks(buckets: Float64Array): BlockSource | null {
  const m = buckets.length;
  if (m < BLOCK * MIN_BLOCKS) return null;
  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i += 1) prefix[i + 1] = (prefix[i] as number) + (buckets[i] as number);
  const blockSums = new Float64Array(m - BLOCK + 1);
  for (let s = 0; s < blockSums.length; s += 1) blockSums[s] = (prefix[s + BLOCK] as number) - (prefix[s] as number);
  return { blockSums, prefix, m, total: prefix[m] as number };
}

/** Ratio resampled/original total of one moving-block resample (1 when the step had no completions). */
export function resampleRatio(rng: Rng, src: BlockSource): number {
  if (src.total <= 0) return 1;
  const full = Math.floor(src.m / BLOCK);
  const rest = src.m - full * BLOCK;
  const starts = src.blockSums.length;
  let sum = 0;
  for (let k = 0; k < full; k += 1) sum += src.blockSums[rng.int(starts)] as number;
  if (rest > 0) {
    const s = rng.int(starts);
    sum += (src.prefix[s + rest] as number) - (src.prefix[s] as number);
  }
  return sum / src.total;
}

export type BootstrapInput = {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  /** Per point: block source, or null for the wild fallback. */
  blocks: (BlockSource | null)[];
  /** Point-estimate fitted values (wild bootstrap residuals). */
  fitted: Float64Array;
};

export type Replicates = {
  tau: Float64Array;
  a: Float64Array;
  b: Float64Array;
  /** Median goodput of the points at or beyond τ (plateau Xmax). */
  plateau: Float64Array;
  /** Fitted goodput at the largest x and at τ (retrograde test). */
  atMax: Float64Array;
  atTau: Float64Array;
  xPeak: Float64Array;
  nPeak: Float64Array;
};

function allocate(count: number): Replicates {
  const f = (): Float64Array => new Float64Array(count).fill(Number.NaN);
  return { tau: f(), a: f(), b: f(), plateau: f(), atMax: f(), atTau: f(), xPeak: f(), nPeak: f() };
}

/** Draws one resample of the goodputs into `out`. */
export function drawSample(rng: Rng, input: BootstrapInput, out: Float64Array): void {
  for (let i = 0; i < input.y.length; i += 1) {
    const src = input.blocks[i];
    const yi = input.y[i] as number;
    if (src !== null && src !== undefined) out[i] = yi * resampleRatio(rng, src);
    else {
      const f = input.fitted[i] as number;
      out[i] = f + (yi - f) * rng.sign();
    }
  }
}

/** Runs `count` replicates of the chosen model; deterministic for a given seed. */
export function bootstrapKnee(
  input: BootstrapInput,
  model: KneeModel,
  count: number,
  seed: number,
  usl: UslFit | null,
): Replicates {
  const rng = createRng(seed);
  const out = allocate(count);
  const n = input.x.length;
  const ys = new Float64Array(n);
  const scratch = new Float64Array(n);
  const ws = createHingeWorkspace(input.x);
  const xMax = input.x[n - 1] as number;
  for (let r = 0; r < count; r += 1) {
    drawSample(rng, input, ys);
    if (model === 'M0') {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i += 1) {
        num += (input.w[i] as number) * (input.x[i] as number) * (ys[i] as number);
        den += (input.w[i] as number) * (input.x[i] as number) ** 2;
      }
      out.a[r] = num / den;
    } else if (model === 'M3' && usl !== null) {
      const f = fitUsl(input.x, ys, {
        weights: input.w,
        robust: true,
        start: { sigma: usl.sigma, kappa: Math.max(usl.kappa, 1e-10) },
      });
      out.xPeak[r] = f.xPeak ?? (f.sigma > 0 ? f.lambda / f.sigma : Number.NaN);
      out.nPeak[r] = f.nPeak ?? Number.NaN;
    } else {
      const fit = fitHinge(input.x, ys, input.w, model === 'M1' ? 'flat' : 'free', {
        workspace: ws,
        gridPerInterval: 4,
      });
      out.tau[r] = fit.tau;
      out.a[r] = fit.a;
      out.b[r] = fit.b;
      let m = 0;
      for (let i = 0; i < n; i += 1) if ((input.x[i] as number) >= fit.tau) scratch[m++] = ys[i] as number;
      out.plateau[r] = m > 0 ? medianOf(scratch, m, scratch) : fit.a * fit.tau;
      out.atMax[r] = hingeAt(fit.a, fit.b, fit.tau, xMax);
      out.atTau[r] = fit.a * fit.tau;
    }
  }
  return out;
}
