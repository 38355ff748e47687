/**
 * Finds the concurrency at which goodput stops rising with concurrency: CAPKNEE steps 3, 4
 * and 9 (ANALYSIS.md §3.4). Fits M0–M3 (models.ts), picks one by AICc, bootstraps it, and
 * reads the shape:
 *
 *   goodput                              shape
 *      |        ____________  plateau     |b/a| ≤ 0.10        knee = τ, Xmax = median X(x ≥ τ)
 *      |      /   \__         retrograde  b/a < −0.05, CI < 0, ≥ 5 % drop: knee = τ, Xmax = a·τ
 *      |    /   ___---        soft        0.10 < b/a ≤ 0.50   knee = τ ("partial saturation")
 *      |  /  --'              smooth      USL chosen          knee = X_peak·R0, N_peak reported
 *      +------------- x       rising      M0 or b/a > 0.5     knee "> x_max" (censored)
 *                             saturated-from-start: no point below the knee: "≤ x_min"
 *
 * Censored knees carry the tested edge in `edge`, never as an estimate. Pure and seeded.
 */
import type { Shape } from '../../record/types.js';
import { bootstrapKnee, prepareBlocks, type Replicates } from './bootstrap.js';
import { hingeAt, type HingeFit } from './hinge.js';
import { fitModels, type ModelFits } from './models.js';
import { maxOf, medianOf, minOf, percentileInterval } from '../../stats/index.js';
import type { KneeModel } from '../types.js';

export type KneePoint = {
  x: number;
  goodputPerSec: number;
  /** Fit weight (models.ts fitWeight); 1 when omitted. */
  weight?: number;
  /** 250 ms bucket ok counts, for the block bootstrap. */
  buckets?: Float64Array;
  probe?: boolean;
};

export type KneeOptions = {
  plateauTol?: number;
  risingTol?: number;
  retroDrop?: number;
  /** Bootstrap resamples (0 = no intervals). Default 1000. */
  bootstrapSamples?: number;
  seed?: number;
  /** Unloaded response time, s (the probe's mean); default 1/a. */
  r0Sec?: number | null;
};

export type Interval = [number, number];

export type KneeResult = {
  shape: Shape;
  model: KneeModel;
  /** Point estimate; null when censored. */
  knee: number | null;
  kneeCi: Interval | null;
  censored: null | 'above' | 'below';
  /** Tested levels (lo, hi] that contain the knee (censored: the edge). */
  bracket: Interval;
  /** The tested edge of a censored knee (x_max above, x_min below). */
  edge: number;
  xmax: number | null;
  xmaxCi: Interval | null;
  /** True when Xmax is only a lower bound (rising). */
  xmaxCensored: boolean;
  bOverA: number | null;
  bOverACi: Interval | null;
  r0Sec: number;
  hinge: HingeFit;
  fits: ModelFits;
  /** Replicate Xmax values (pool-size intervals), null without a bootstrap. */
  xmaxReplicates: Float64Array | null;
  /** Huber weight of each point under the chosen model. */
  huber: Float64Array;
};

const DEFAULTS = { plateauTol: 0.1, risingTol: 0.5, retroDrop: 0.05, bootstrapSamples: 1000, seed: 1 };

/** The knee of goodput against concurrency. Needs at least 2 points with x > 0. */
export function findKnee(points: readonly KneePoint[], options: KneeOptions = {}): KneeResult {
  const opts = { ...DEFAULTS, ...options };
  const sorted = [...points].filter((p) => p.x > 0).sort((p, q) => p.x - q.x);
  const x = Float64Array.from(sorted, (p) => p.x);
  const y = Float64Array.from(sorted, (p) => p.goodputPerSec);
  const w = Float64Array.from(sorted, (p) => p.weight ?? 1);
  const fits = fitModels(x, y, w);
  const hinge = fits.chosen === 'M2' && fits.m2 !== null ? fits.m2 : fits.m1;
  const r0Sec = opts.r0Sec !== null && opts.r0Sec !== undefined && opts.r0Sec > 0 ? opts.r0Sec : 1 / fits.m1.a;
  const fitted = Float64Array.from(x, (xi) => fittedValue(fits, xi));
  const reps =
    opts.bootstrapSamples > 0
      ? bootstrapKnee(
          { x, y, w, fitted, blocks: sorted.map((p) => (p.buckets === undefined ? null : prepareBlocks(p.buckets))) },
          fits.chosen,
          opts.bootstrapSamples,
          opts.seed,
          fits.m3,
        )
      : null;
  const hasProbe = sorted.some((p) => p.probe === true || p.x <= 1);
  const base = { model: fits.chosen, r0Sec, hinge, fits, huber: huberOf(fits) };
  const censored = censoredResult(base, x, y, hasProbe, opts.risingTol);
  if (censored !== null) return censored;
  if (fits.chosen === 'M3' && fits.m3 !== null) return smoothResult(base, fits, x, reps);
  return hingeResult(base, hinge, x, y, reps, opts);
}

/**
 * The knee outside the tested range: every level already on the plateau (below), or goodput still rising
 * at the top level or a knee resting on it alone (above). Null when the knee is inside the range.
 */
function censoredResult(
  base: Base,
  x: Float64Array,
  y: Float64Array,
  hasProbe: boolean,
  risingTol: number,
): KneeResult | null {
  const { fits, hinge } = base;
  const xMin = x[0] as number;
  const xMaxTested = x[x.length - 1] as number;
  if (xMin > 1 && !hasProbe && maxOf(y) / minOf(y) < 1.1) {
    return {
      ...base,
      shape: 'saturated-from-start',
      knee: null,
      kneeCi: null,
      censored: 'below',
      bracket: [0, xMin],
      edge: xMin,
      xmax: medianOf(y),
      xmaxCi: null,
      xmaxCensored: false,
      bOverA: null,
      bOverACi: null,
      xmaxReplicates: null,
    };
  }
  const bOverA = fits.chosen === 'M2' ? hinge.b / hinge.a : fits.chosen === 'M1' ? 0 : null;
  if (
    fits.chosen === 'M0' ||
    (bOverA !== null && bOverA > risingTol) ||
    kneeRestsOnTopLevelOnly(fits.chosen, hinge.tau, x)
  ) {
    const atEdge = y.filter((_, i) => x[i] === xMaxTested);
    return {
      ...base,
      shape: 'rising',
      knee: null,
      kneeCi: null,
      censored: 'above',
      bracket: [xMaxTested, xMaxTested],
      edge: xMaxTested,
      xmax: maxOf(atEdge),
      xmaxCi: null,
      xmaxCensored: true,
      bOverA,
      bOverACi: null,
      xmaxReplicates: null,
    };
  }
  return null;
}

/**
 * A hinge whose breakpoint sits in the last tested interval, within 10 % of the top level,
 * rests on one point falling short of the rising line by less than 10 %: the size of
 * run-to-run noise on a busy machine, not evidence of a plateau. That knee is "not reached"
 * (censored above), never an edge value (ANALYSIS.md §3.4 step 4).
 */
const EDGE_EVIDENCE = 0.1;
function kneeRestsOnTopLevelOnly(model: string, tau: number, x: Float64Array): boolean {
  if (model !== 'M1' && model !== 'M2') return false;
  const top = x[x.length - 1] as number;
  let belowTop = -Infinity;
  for (const xi of x) if (xi < top && xi > belowTop) belowTop = xi;
  return tau > belowTop && (top - tau) / top < EDGE_EVIDENCE;
}

function fittedValue(fits: ModelFits, xi: number): number {
  if (fits.chosen === 'M0') return fits.m0.a * xi;
  if (fits.chosen === 'M3' && fits.m3 !== null) {
    const u = fits.m3;
    return (u.lambda * xi) / (1 + u.sigma * (xi - 1) + u.kappa * xi * (xi - 1));
  }
  const h = fits.chosen === 'M2' && fits.m2 !== null ? fits.m2 : fits.m1;
  return hingeAt(h.a, h.b, h.tau, xi);
}

function huberOf(fits: ModelFits): Float64Array {
  if (fits.chosen === 'M0') return fits.m0.huber;
  if (fits.chosen === 'M2' && fits.m2 !== null) return fits.m2.huber;
  return fits.m1.huber;
}

/** (x_j, x_{j+1}] among the tested distinct levels that holds `knee`. */
export function bracketOf(x: ArrayLike<number>, knee: number): Interval {
  const d = [...new Set(Array.from(x))].sort((p, q) => p - q);
  if (d.length === 0) return [0, 0];
  if (knee <= (d[0] as number)) return [0, d[0] as number];
  for (let j = 0; j + 1 < d.length; j += 1)
    if (knee <= (d[j + 1] as number)) return [d[j] as number, d[j + 1] as number];
  const last = d[d.length - 1] as number;
  return [last, last];
}

type Base = Pick<KneeResult, 'model' | 'r0Sec' | 'hinge' | 'fits' | 'huber'>;

function smoothResult(base: Base, fits: ModelFits, x: Float64Array, reps: Replicates | null): KneeResult {
  const u = fits.m3 as NonNullable<ModelFits['m3']>;
  const xPeak = u.xPeak ?? (u.sigma > 0 ? u.lambda / u.sigma : maxOf(x) * u.lambda);
  const knee = xPeak * base.r0Sec;
  const xPeakCi = reps === null ? null : percentileInterval(reps.xPeak);
  return {
    ...base,
    shape: 'smooth',
    knee,
    kneeCi: xPeakCi === null ? null : [xPeakCi[0] * base.r0Sec, xPeakCi[1] * base.r0Sec],
    censored: null,
    bracket: bracketOf(x, knee),
    edge: knee,
    xmax: xPeak,
    xmaxCi: xPeakCi,
    xmaxCensored: false,
    bOverA: null,
    bOverACi: null,
    xmaxReplicates: reps === null ? null : reps.xPeak,
  };
}

function hingeResult(
  base: Base,
  hinge: HingeFit,
  x: Float64Array,
  y: Float64Array,
  reps: Replicates | null,
  opts: typeof DEFAULTS,
): KneeResult {
  const bOverA = base.model === 'M2' ? hinge.b / hinge.a : 0;
  const ratio = reps === null ? null : Float64Array.from(reps.b, (b, i) => b / (reps.a[i] as number));
  const bOverACi = ratio === null ? null : percentileInterval(ratio);
  const kneeCi = reps === null ? null : percentileInterval(reps.tau);
  const xMaxTested = x[x.length - 1] as number;
  const common = {
    ...base,
    knee: hinge.tau,
    kneeCi,
    censored: null,
    bracket: bracketOf(x, hinge.tau),
    edge: hinge.tau,
    xmaxCensored: false,
    bOverA,
    bOverACi,
  };
  const dropsEnough = hingeAt(hinge.a, hinge.b, hinge.tau, xMaxTested) <= (1 - opts.retroDrop) * hinge.a * hinge.tau;
  if (bOverA < -0.05 && (bOverACi === null || bOverACi[1] < 0) && dropsEnough) {
    return {
      ...common,
      shape: 'retrograde',
      xmax: hinge.a * hinge.tau,
      xmaxCi: reps === null ? null : percentileInterval(reps.atTau),
      xmaxReplicates: reps === null ? null : reps.atTau,
    };
  }
  if (bOverA <= opts.plateauTol) {
    const beyond = y.filter((_, i) => (x[i] as number) >= hinge.tau);
    return {
      ...common,
      shape: 'plateau',
      xmax: beyond.length > 0 ? medianOf(beyond) : hinge.a * hinge.tau,
      xmaxCi: reps === null ? null : percentileInterval(reps.plateau),
      xmaxReplicates: reps === null ? null : reps.plateau,
    };
  }
  return {
    ...common,
    shape: 'soft',
    xmax: hingeAt(hinge.a, hinge.b, hinge.tau, xMaxTested),
    xmaxCi: reps === null ? null : percentileInterval(reps.atMax),
    xmaxReplicates: reps === null ? null : reps.atMax,
  };
}
