/**
 * CAPKNEE step 1 (ANALYSIS.md §3.4): per-step summaries for the fit, with the integrity
 * checks that decide whether a step may be used.
 *
 *   X = ok/D   R = mean ok latency   L = mean in-flight   E = errors/(ok+errors)
 *   Little:  dev = |L − (X·R + Xerr·Rerr)| / L   (closed, zero think: also |L − N| / N)
 *   open:    unstable when in-flight grows > 2 % of λ per second and by > 5 over the half-step
 *   usable = !unstable && !generatorSaturated && dev ≤ 10 %
 *   x = closed ? N : L
 */
import type { StepRecord, WindowRecord } from '../record/types.js';
import { classifyErrors } from './error-classes.js';
import type { StepSummary } from './types.js';

export type StepOptions = {
  /** Max Little's-law deviation of a usable step (default 0.10). */
  littleTol?: number;
  /** Closed model without think time: in-flight must equal the level (default true). */
  zeroThink?: boolean;
};

const BUCKET_SEC = 0.25;

export function toStepSummaries(
  steps: readonly StepRecord[],
  windows: readonly WindowRecord[],
  options: StepOptions = {},
): StepSummary[] {
  return steps.map((step) => summarizeStep(step, windows, options));
}

function bucketsOf(step: StepRecord, windows: readonly WindowRecord[]): Float64Array {
  const out: number[] = [];
  const [first, last] = step.windowRange;
  for (let i = Math.max(first, 0); i <= last && i < windows.length; i += 1) {
    const w = windows[i] as WindowRecord;
    if (w.warmup) continue;
    for (const q of w.quarterOk) out.push(q);
  }
  return Float64Array.from(out);
}

function standardError(buckets: Float64Array): number {
  const m = buckets.length;
  if (m < 2) return 0;
  let mean = 0;
  for (const b of buckets) mean += b;
  mean /= m;
  let ss = 0;
  for (const b of buckets) ss += (b - mean) ** 2;
  return Math.sqrt(ss / (m - 1)) / BUCKET_SEC / Math.sqrt(m);
}

function littleDeviation(step: StepRecord, durationSec: number, zeroThink: boolean): number {
  const L = step.inFlight;
  const x = step.ok / durationSec;
  const xErr = step.errorCount / durationSec;
  const predicted = x * (step.meanOkLatencyMs / 1000) + xErr * (step.meanErrorLatencyMs / 1000);
  if (!(L > 0)) return predicted > 0 ? 1 : 0;
  let dev = Math.abs(L - predicted) / L;
  if (step.model === 'closed' && zeroThink && step.level > 0)
    dev = Math.max(dev, Math.abs(L - step.level) / step.level);
  return dev;
}

function isUnstable(step: StepRecord, durationSec: number): boolean {
  if (step.model !== 'open') return false;
  const g = step.inFlightGrowthPerSec;
  return !step.stable || (g > 0.02 * step.level && g * (durationSec / 2) > 5);
}

function exclusion(step: StepRecord, unstable: boolean, saturated: boolean, dev: number, tol: number): string | null {
  if (saturated) {
    return step.generatorLimit === undefined ? 'generator-saturated' : `generator-saturated (${step.generatorLimit})`;
  }
  if (unstable) return 'unstable (in-flight kept growing: over capacity)';
  if (step.kind === 'stage' && step.fromLevel !== step.level) return 'ramp';
  if (dev > tol) return `Little's law off by ${(dev * 100).toFixed(0)} %`;
  if (step.ok + step.errorCount === 0) return 'no completions';
  return null;
}

function summarizeStep(step: StepRecord, windows: readonly WindowRecord[], options: StepOptions): StepSummary {
  const durationSec = Math.max(step.durationMs / 1000, 1e-9);
  const dev = littleDeviation(step, durationSec, options.zeroThink ?? true);
  const unstable = isUnstable(step, durationSec);
  const lateFraction = step.intended > 0 ? step.late / step.intended : 0;
  const saturated = step.generatorSaturated || (step.model === 'open' && lateFraction > 0.01);
  const lateWhy = `${(lateFraction * 100).toFixed(1)} % of sends left late`;
  const generatorLimit = step.generatorLimit ?? (saturated ? lateWhy : undefined);
  const why = exclusion(step, unstable, saturated, dev, options.littleTol ?? 0.1);
  const buckets = bucketsOf(step, windows);
  const attempts = step.ok + step.errorCount;
  const st = step.serverTiming;
  return {
    index: step.index,
    label: step.label,
    kind: step.kind,
    model: step.model,
    level: step.level,
    x: step.model === 'closed' ? step.level : step.inFlight,
    durationSec,
    goodputPerSec: step.goodputPerSec,
    errorPerSec: step.errorCount / durationSec,
    ok: step.ok,
    errorCount: step.errorCount,
    errorsByClass: classifyErrors(step.errors, step.errorSamples),
    errorFraction: attempts > 0 ? step.errorCount / attempts : 0,
    meanOkLatencyMs: step.meanOkLatencyMs,
    meanErrorLatencyMs: step.meanErrorLatencyMs,
    latencyMs: step.latencyMs,
    inFlight: step.inFlight,
    littleDeviation: dev,
    stable: !unstable,
    inFlightGrowthPerSec: step.inFlightGrowthPerSec,
    generatorSaturated: saturated,
    ...(generatorLimit === undefined ? {} : { generatorLimit }),
    usable: why === null,
    why,
    goodputSePerSec: standardError(buckets),
    buckets,
    serverTiming:
      st !== undefined && st.samples > 0
        ? { holdMs: st.holdMs, waitMs: st.waitMs, share: step.ok > 0 ? Math.min(1, st.samples / step.ok) : 1 }
        : null,
    errorSamples: step.errorSamples,
    windowRange: step.windowRange,
    startMs: step.startMs,
  };
}
