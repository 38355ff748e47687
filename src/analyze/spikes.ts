/**
 * Spikes in stage scenarios: a stage whose level is well above (≥ 1.5×) every stage before
 * it. For each: the pre-spike baseline p99 (median of the windows of the last stage before
 * it), the peak p99, errors and time to the first error during the spike, and the recovery
 * time after it ends: the first window from which p99 stays within 20 % of the baseline
 * (null when it never does). Open model: in-flight growth over the spike (OLS slope).
 */
import type { SpikeResult, StepRecord, WindowRecord } from '../record/types.js';
import { medianOf, olsLine } from './stats.js';

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

function recoveryMs(after: readonly WindowRecord[], baselineMs: number, endMs: number): number | null {
  const limit = baselineMs * (1 + RECOVERY_TOLERANCE);
  const good = (w: WindowRecord): boolean => w.ok > 0 && w.latencyMs.p99 <= limit;
  let from: number | null = null;
  for (let i = after.length - 1; i >= 0; i -= 1) {
    if (!good(after[i] as WindowRecord)) break;
    from = i;
  }
  if (from === null) return null;
  const w = after[from] as WindowRecord;
  return Math.max(0, w.tMs - endMs);
}

/** One result per spike stage, in order. */
export function analyzeSpikes(steps: readonly StepRecord[], windows: readonly WindowRecord[]): SpikeResult[] {
  const stages = steps.filter((s) => s.kind === 'stage').sort((p, q) => p.startMs - q.startMs);
  const out: SpikeResult[] = [];
  for (let i = 1; i < stages.length; i += 1) {
    const spike = stages[i] as StepRecord;
    const before = stages.slice(0, i);
    const maxBefore = Math.max(...before.map((s) => Math.max(s.level, s.fromLevel)));
    if (!(spike.level >= SPIKE_FACTOR * maxBefore && spike.level > 0)) continue;
    const baseStage = [...before].reverse().find((s) => s.level === s.fromLevel) ?? (before[before.length - 1] as StepRecord);
    const baseWindows = windowsOf(baseStage, windows).filter((w) => w.ok > 0).slice(-10);
    const baseline = baseWindows.length > 0 ? medianOf(baseWindows.map((w) => w.latencyMs.p99)) : baseStage.latencyMs.p99;
    const spikeWindows = windowsOf(spike, windows);
    const endMs = spike.startMs + spike.durationMs;
    const after = windows.filter((w) => w.tMs >= endMs);
    const growth = olsLine(spikeWindows.map((w) => w.tMs / 1000), spikeWindows.map((w) => w.inFlight));
    out.push({
      stage: spike.label,
      phaseIndex: spike.phaseIndex,
      level: spike.level,
      baselineLatencyMs: baseline,
      peakLatencyMs: Math.max(spike.latencyMs.p99, ...spikeWindows.map((w) => w.latencyMs.p99)),
      errors: spike.errorCount,
      timeToFirstErrorMs: firstErrorMs(spikeWindows, spike.startMs),
      recoveryMs: recoveryMs(after, baseline, endMs),
      inFlightGrowthPerSec: spike.model === 'open' && growth !== null ? growth.c1 : 0,
    });
  }
  return out;
}
