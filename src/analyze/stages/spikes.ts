/**
 * Spikes in stage scenarios: a stage whose level is well above (≥ 1.5×) every stage before
 * it, together with the ramp that leads into it. For each: the pre-spike baseline p99
 * (median of the windows of the last hold before it), the peak p99, errors and time to the
 * first error from the spike's start (its ramp's, when it has one), and the recovery time
 * after its hold ends: the first window from which p99 stays within 20 % of the baseline
 * (null when it never does). Open model: in-flight growth over the hold (OLS slope).
 */
import type { SpikeResult, StepRecord, WindowRecord } from '../../record/types.js';
import { maxOf, medianOf, olsLine } from '../../stats/index.js';

const SPIKE_FACTOR = 1.5;
const RECOVERY_TOLERANCE = 0.2;

function windowsOf(step: StepRecord, windows: readonly WindowRecord[]): WindowRecord[] {
  const [first, last] = step.windowRange;
  return windows.slice(Math.max(first, 0), last + 1);
}

function firstErrorMs(spikeWindows: readonly WindowRecord[], startMs: number): number | null {
  for (const w of spikeWindows) {
    if (w.errorCount <= 0) continue;
    const q = w.quarterErrors.findIndex((n) => n > 0);
    return Math.max(0, w.tMs + Math.max(q, 0) * 250 - startMs);
  }
  return null;
}

/**
 * First window from which p99 stays within 20 % of the baseline. One window's p99 rests on
 * its few slowest requests, so a single window just outside the band (by < 20 % of it,
 * with both neighbours inside) is noise, not a relapse.
 */
function recoveryMs(after: readonly WindowRecord[], baselineMs: number, endMs: number): number | null {
  const limit = baselineMs * (1 + RECOVERY_TOLERANCE);
  const bad = (i: number): boolean => {
    const w = after[i];
    return w !== undefined && !(w.ok > 0 && w.latencyMs.p99 <= limit);
  };
  const relapse = (i: number): boolean => {
    const w = after[i] as WindowRecord;
    return bad(i) && (w.ok === 0 || w.latencyMs.p99 > limit * (1 + RECOVERY_TOLERANCE) || bad(i - 1) || bad(i + 1));
  };
  let from: number | null = null;
  for (let i = after.length - 1; i >= 0; i -= 1) {
    if (relapse(i)) break;
    if (!bad(i)) from = i;
  }
  if (from === null) return null;
  const w = after[from] as WindowRecord;
  return Math.max(0, w.tMs - endMs);
}

const isRamp = (s: StepRecord): boolean => s.fromLevel !== s.level;

/** The stage a spike starts with: the ramp leading into a hold at the ramp's target, else the hold itself. */
function leadingEdge(stages: readonly StepRecord[], i: number): number {
  const hold = stages[i] as StepRecord;
  const prev = stages[i - 1];
  return !isRamp(hold) && prev !== undefined && isRamp(prev) && prev.level === hold.level && prev.level > prev.fromLevel
    ? i - 1
    : i;
}

/** A ramp followed by a hold at its target level belongs to that hold's spike. */
function leadsIntoHold(stages: readonly StepRecord[], i: number): boolean {
  const next = stages[i + 1];
  return next !== undefined && isRamp(stages[i] as StepRecord) && leadingEdge(stages, i + 1) === i;
}

function spikeOf(
  stages: readonly StepRecord[],
  first: number,
  last: number,
  windows: readonly WindowRecord[],
): SpikeResult | null {
  const spike = stages[last] as StepRecord;
  const start = stages[first] as StepRecord;
  const before = stages.slice(0, first);
  const maxBefore = maxOf(before.map((s) => Math.max(s.level, s.fromLevel)));
  if (!(spike.level >= SPIKE_FACTOR * maxBefore && spike.level > 0)) return null;
  const baseStage = [...before].reverse().find((s) => !isRamp(s)) ?? (before[before.length - 1] as StepRecord);
  const baseWindows = windowsOf(baseStage, windows)
    .filter((w) => w.ok > 0)
    .slice(-10);
  const baseline = baseWindows.length > 0 ? medianOf(baseWindows.map((w) => w.latencyMs.p99)) : baseStage.latencyMs.p99;
  const parts = stages.slice(first, last + 1);
  const spikeWindows = parts.flatMap((s) => windowsOf(s, windows));
  const holdWindows = windowsOf(spike, windows);
  const endMs = spike.startMs + spike.durationMs;
  const growth = olsLine(
    holdWindows.map((w) => w.tMs / 1000),
    holdWindows.map((w) => w.inFlight),
  );
  return {
    stage: spike.label,
    phaseIndex: spike.phaseIndex,
    level: spike.level,
    baselineLatencyMs: baseline,
    peakLatencyMs: maxOf([...parts.map((s) => s.latencyMs.p99), ...spikeWindows.map((w) => w.latencyMs.p99)]),
    errors: parts.reduce((n, s) => n + s.errorCount, 0),
    timeToFirstErrorMs: firstErrorMs(spikeWindows, start.startMs),
    // The drain window (in-flight requests finishing after the schedule) is not the service's steady state.
    recoveryMs: recoveryMs(
      windows.filter((w) => w.tMs >= endMs && w.drain !== true),
      baseline,
      endMs,
    ),
    inFlightGrowthPerSec: spike.model === 'open' && growth !== null ? growth.c1 : 0,
  };
}

/**
 * One result per spike, in order. A spike is a stage at ≥ 1.5× every stage before it; a
 * ramp into a hold at the ramp's target is one spike (leading edge + hold), reported under
 * the hold's name from the ramp's start to the hold's end. A hold without a ramp (a step
 * jump) and a ramp not followed by such a hold are spikes on their own.
 */
export function analyzeSpikes(steps: readonly StepRecord[], windows: readonly WindowRecord[]): SpikeResult[] {
  const stages = steps.filter((s) => s.kind === 'stage').sort((p, q) => p.startMs - q.startMs);
  const out: SpikeResult[] = [];
  for (let i = 1; i < stages.length; i += 1) {
    if (leadsIntoHold(stages, i)) continue;
    const first = leadingEdge(stages, i);
    if (first === 0) continue; // the run starts with the ramp: no baseline before it
    const spike = spikeOf(stages, first, i, windows);
    if (spike !== null) out.push(spike);
  }
  return out;
}
