/**
 * The points of a continuous ramp (ANALYSIS.md §9.2): each measured 1 s window of the rising
 * part of a stage scenario is one point.
 *
 *   closed   x = the window's mean in-flight (not the nominal level: users start mid-window)
 *   open     x = the planned arrival rate one mean latency before the window's centre (its
 *            completions belong to requests started that much earlier), y = completions/s
 *   y        goodput of the window; weight duration/X (Poisson counts)
 *
 * The rising part is every stage from the first up to the last one whose level never falls:
 * a recovery stage after a spike still drains a backlog, so its windows say nothing about
 * the rate it offers. Warm-up and drain windows are left out, and so are windows whose load
 * the generator did not deliver: open model, more than 1 % of the intended arrivals dropped
 * or not sent within the window. Late sends and event-loop delay do not void a point: the
 * closed model's x is the in-flight count measured, and open-model latency is measured from
 * each request's intended time (the step-level generator judgement still applies).
 */
import type { StepRecord, WindowRecord } from '../../record/types.js';
import type { LoadModel } from '../../scenario/types.js';

export type RampPoint = {
  x: number;
  goodputPerSec: number;
  weight: number;
  tMs: number;
  /** Open model: in-flight growth over the window, per second (0 for the first). */
  growthPerSec: number;
  /** Mean latency of the window's ok responses, ms (0 without any). */
  meanOkLatencyMs: number;
};

const MIN_WINDOW_MS = 500;

/** Stage steps up to the end of the rising part; null when no stage ramps up. */
export function risingSteps(steps: readonly StepRecord[]): StepRecord[] | null {
  const stages = [...steps].filter((s) => s.kind === 'stage').sort((p, q) => p.startMs - q.startMs);
  if (!stages.some((s) => s.level > s.fromLevel)) return null;
  const out: StepRecord[] = [];
  let top = -Infinity;
  for (const s of stages) {
    if (s.level < top || s.fromLevel < top) break;
    top = s.level;
    out.push(s);
  }
  return out.some((s) => s.level > s.fromLevel) ? out : null;
}

/** The planned level at `tMs` along the (time-ordered) steps. */
export function plannedLevelAt(steps: readonly StepRecord[], tMs: number): number {
  const first = steps[0];
  if (first === undefined) return 0;
  if (tMs <= first.startMs) return first.fromLevel;
  for (const s of steps) {
    const end = s.startMs + s.durationMs;
    if (tMs <= end) return s.fromLevel + ((s.level - s.fromLevel) * (tMs - s.startMs)) / Math.max(1, s.durationMs);
  }
  return (steps[steps.length - 1] as StepRecord).level;
}

/** One point per measured window of the rising part. */
export function rampPoints(
  steps: readonly StepRecord[],
  windows: readonly WindowRecord[],
  model: LoadModel,
): RampPoint[] {
  const points: RampPoint[] = [];
  let previousEnd: number | null = null;
  for (const s of steps) {
    for (let i = Math.max(0, s.windowRange[0]); i <= s.windowRange[1] && i < windows.length; i += 1) {
      const w = windows[i] as WindowRecord;
      if (w.warmup || w.drain === true || w.durationMs < MIN_WINDOW_MS) continue;
      const sec = w.durationMs / 1000;
      const growthPerSec = previousEnd === null ? 0 : (w.inFlightEnd - previousEnd) / sec;
      previousEnd = w.inFlightEnd;
      if (model === 'open' && (w.dropped > 0.01 * w.intended || w.sent < 0.99 * (w.intended - w.dropped))) continue;
      const goodputPerSec = w.ok / sec;
      const meanOkLatencyMs = w.ok > 0 ? w.okLatencySumUs / w.ok / 1000 : 0;
      const x = model === 'closed' ? w.inFlight : plannedLevelAt(steps, w.tMs + w.durationMs / 2 - meanOkLatencyMs);
      if (!(x > 0)) continue;
      const weight = sec / Math.max(goodputPerSec, 1);
      points.push({ x, goodputPerSec, weight, tMs: w.tMs, growthPerSec, meanOkLatencyMs });
    }
  }
  return points;
}
