/** Safety stop over a sliding window of merged windows (scenario `stop:`). Pure. */
import type { WindowSnapshot } from '../metrics/types.js';
import type { StopRule } from './types.js';

const pct = (f: number): string => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`;

/** The reason to stop, or undefined. `windows` are merged, in order; the newest is last. */
export function checkStopRule(windows: readonly WindowSnapshot[], rule: StopRule): string | undefined {
  const newest = windows[windows.length - 1];
  if (newest === undefined) return undefined;
  const fromMs = newest.tMs + newest.durationMs - rule.windowMs;
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  for (let i = windows.length - 1; i >= 0; i--) {
    const w = windows[i]!;
    if (w.tMs < fromMs) break;
    ok += w.ok;
    failed += w.errorCount;
    dropped += w.dropped;
  }
  const total = ok + failed + dropped;
  if (total < Math.max(1, rule.minRequests)) return undefined;
  const rate = (failed + dropped) / total;
  if (rate < rule.errorRate) return undefined;
  const over = `over the last ${rule.windowMs / 1000} s reached stop.errorRate ${pct(rule.errorRate)}`;
  if (dropped === 0) return `safety stop: error rate ${pct(rate)} ${over}`;
  // Drops are the generator's, not the target's: say so, or "error rate 100%" with 0 errors misleads.
  const drops = `${pct(dropped / total)} of arrivals dropped (over maxInFlight, never sent)`;
  return `safety stop: ${drops} and ${pct(failed / total)} failed ${over}`;
}
