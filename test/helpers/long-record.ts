/** A long soak as a record: `count` one-second windows of one stage (43,200 = 12 hours), cheap to build. */
import type { RunRecord } from '../../src/record/types.js';
import { buildRecord } from '../scale/records.js';

export function longRecord(count: number): RunRecord {
  const base = buildRecord({ windows: [{ phaseIndex: 0, stage: 'soak', level: 4, latenciesUs: [4000, 5000, 9000] }] });
  const w0 = base.windows[0]!;
  // Every 7th window spikes in flight and latency: a decimated chart must still show it.
  const windows = Array.from({ length: count }, (_, i) => ({
    ...w0,
    tMs: i * 1000,
    inFlight: 3 + (i % 7 === 0 ? 40 : 0),
    latencyMs: { ...w0.latencyMs, p99: w0.latencyMs.p99 * (i === count - 100 ? 50 : 1) },
  }));
  return {
    ...base,
    windows,
    durationMs: count * 1000,
    endedAt: new Date(Date.parse(base.startedAt) + count * 1000).toISOString(),
  };
}
