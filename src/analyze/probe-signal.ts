/**
 * Probe series beside the load (Prometheus `db_pool_waiting`, or any metric whose name
 * contains "waiting"): the first sample above zero, mapped to the level of the step whose
 * measured windows contain it. It corroborates a pool as the bottleneck.
 */
import type { ProbeSeries, Signal, StepRecord, WindowRecord } from '../record/types.js';

function levelAt(tMs: number, steps: readonly StepRecord[], windows: readonly WindowRecord[]): number | null {
  const wIndex = windows.findIndex((w) => w.tMs <= tMs && tMs < w.tMs + w.durationMs);
  if (wIndex < 0) return null;
  const step = steps.find((s) => s.windowRange[0] <= wIndex && wIndex <= s.windowRange[1]);
  return step?.level ?? (windows[wIndex] as WindowRecord).level;
}

export function probeWaitingSignal(
  probes: readonly ProbeSeries[] | undefined,
  steps: readonly StepRecord[],
  windows: readonly WindowRecord[],
): Signal | null {
  let first: { tMs: number; metric: string; value: number } | null = null;
  for (const probe of probes ?? []) {
    for (const sample of probe.series) {
      for (const [metric, value] of Object.entries(sample.values)) {
        if (!/waiting/i.test(metric) || !(value > 0)) continue;
        if (first === null || sample.tMs < first.tMs) first = { tMs: sample.tMs, metric, value };
      }
    }
  }
  if (first === null) return null;
  const level = levelAt(first.tMs, steps, windows);
  const where = level === null ? `at ${(first.tMs / 1000).toFixed(1)} s` : `at level ${level}`;
  return { kind: 'probe', at: level, detail: `pool waiting > 0 first ${where} (${first.metric} = ${first.value})` };
}
