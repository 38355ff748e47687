/**
 * Exact merge of window snapshots of the same index from several workers (or shards):
 * counters are summed, histograms added (HDR), generator health takes the worst delay
 * and the mean utilization. Pure.
 */
import { mergeByRequest } from './by-request.js';
import { addCounts, compactCounts } from './counts.js';
import { mergeEncoded } from './histogram.js';
import { addLagBuckets, type LagBuckets } from './lag.js';
import type { GeneratorHealth, ServerTimingTotals, WindowSnapshot } from './types.js';
import { MAX_ERROR_SAMPLES } from './window.js';

/**
 * Generator limits (ANALYSIS.md §3.6, §7.3): late starts (late enough to change the load,
 * metrics/lag.ts) or dropped arrivals above 1 %, or event-loop delay p99 above 10 ms.
 */
export const LATE_FRACTION_LIMIT = 0.01;
export const DROPPED_FRACTION_LIMIT = 0.01;
export const LOOP_DELAY_LIMIT_MS = 10;

/** True when these figures say the generator, not the target, was the bottleneck. */
export function isGeneratorSaturated(lateStartFraction: number, loopDelayP99Ms: number, droppedFraction = 0): boolean {
  return (
    lateStartFraction > LATE_FRACTION_LIMIT ||
    loopDelayP99Ms > LOOP_DELAY_LIMIT_MS ||
    droppedFraction > DROPPED_FRACTION_LIMIT
  );
}

function mergeHealth(
  parts: readonly WindowSnapshot[],
  late: number,
  sent: number,
  droppedFraction: number,
): GeneratorHealth {
  let loopDelayP99Ms = 0;
  let utilization = 0;
  let clientQueued = 0;
  let saturated = false;
  for (const p of parts) {
    loopDelayP99Ms = Math.max(loopDelayP99Ms, p.generator.loopDelayP99Ms);
    utilization += p.generator.utilization / parts.length;
    clientQueued = Math.max(clientQueued, p.generator.clientQueued);
    saturated ||= p.generator.saturated;
  }
  const lateStartFraction = sent > 0 ? late / sent : 0;
  const heaps = parts.map((p) => p.generator.heapUsedMb).filter((h): h is number => h !== undefined);
  return {
    loopDelayP99Ms,
    utilization,
    lateStartFraction,
    clientQueued,
    saturated: saturated || isGeneratorSaturated(lateStartFraction, loopDelayP99Ms, droppedFraction),
    ...(heaps.length > 0 ? { heapUsedMb: heaps.reduce((a, b) => a + b, 0) } : {}),
  };
}

/**
 * Merges snapshots of one window index. `level` is summed (each worker reports its share);
 * in-flight means and ends are summed too (they are per-worker populations).
 */
export function mergeWindowSnapshots(parts: readonly WindowSnapshot[]): WindowSnapshot {
  const first = parts[0];
  if (first === undefined) throw new RangeError('mergeWindowSnapshots needs at least one snapshot');
  const errors: Record<string, number> = {};
  const status: Record<string, number> = {};
  const samples: string[] = [];
  const quarterOk = [0, 0, 0, 0];
  const quarterErrors = [0, 0, 0, 0];
  const sum = (pick: (w: WindowSnapshot) => number): number => parts.reduce((acc, w) => acc + pick(w), 0);
  for (const p of parts) {
    addCounts(errors, p.errors);
    addCounts(status, p.status);
    for (let q = 0; q < 4; q++) {
      quarterOk[q]! += p.quarterOk[q] ?? 0;
      quarterErrors[q]! += p.quarterErrors[q] ?? 0;
    }
    for (const s of p.errorSamples) if (samples.length < MAX_ERROR_SAMPLES && !samples.includes(s)) samples.push(s);
  }
  const late = sum((w) => w.late);
  const sent = sum((w) => w.sent);
  const intended = sum((w) => w.intended);
  const dropped = sum((w) => w.dropped);
  const cancelled = sum((w) => w.cancelled ?? 0);
  const byRequest = mergeByRequest(parts.map((w) => w.byRequest));
  return {
    index: first.index,
    tMs: first.tMs,
    durationMs: parts.reduce((m, w) => Math.max(m, w.durationMs), -Infinity),
    phaseIndex: first.phaseIndex,
    level: sum((w) => w.level),
    intended,
    sent,
    ok: sum((w) => w.ok),
    errorCount: sum((w) => w.errorCount),
    errors,
    // The coordinator keeps every merged window for the record: see compactCounts.
    status: compactCounts(status),
    bytesIn: sum((w) => w.bytesIn),
    late,
    dropped,
    inFlightMean: sum((w) => w.inFlightMean),
    inFlightMax: sum((w) => w.inFlightMax),
    inFlightEnd: sum((w) => w.inFlightEnd),
    okLatencySumUs: sum((w) => w.okLatencySumUs),
    errorLatencySumUs: sum((w) => w.errorLatencySumUs),
    quarterOk,
    quarterErrors,
    hdr: parts.length === 1 ? first.hdr : mergeEncoded(parts.map((w) => w.hdr)),
    ...mergeErrorHdr(parts),
    serverTiming: mergeServerTiming(parts.map((w) => w.serverTiming)),
    generator: mergeHealth(parts, late, sent, intended > 0 ? dropped / intended : 0),
    errorSamples: samples,
    ...mergeLag(parts),
    ...(cancelled > 0 ? { cancelled } : {}),
    ...(parts.some((w) => w.drain === true) ? { drain: true as const } : {}),
    ...(byRequest === undefined ? {} : { byRequest }),
  };
}

/** The summed lag of the parts that have one ({} when none has). */
export function mergeLag(parts: readonly Pick<WindowSnapshot, 'lag'>[]): Pick<WindowSnapshot, 'lag'> {
  let sumMs = 0;
  let any = false;
  const buckets: LagBuckets = {};
  for (const p of parts) {
    if (p.lag === undefined) continue;
    any = true;
    sumMs += p.lag.sumMs;
    addLagBuckets(buckets, p.lag.buckets);
  }
  return any ? { lag: { sumMs, buckets } } : {};
}

/** Sums of Server-Timing totals; the ok-only sums only when every part has them (else unknown). */
export function mergeServerTiming(parts: readonly ServerTimingTotals[]): ServerTimingTotals {
  const sum = (pick: (t: ServerTimingTotals) => number): number => parts.reduce((a, t) => a + pick(t), 0);
  const merged: ServerTimingTotals = {
    poolSumMs: sum((t) => t.poolSumMs),
    poolCount: sum((t) => t.poolCount),
    dbSumMs: sum((t) => t.dbSumMs),
    dbCount: sum((t) => t.dbCount),
  };
  const malformed = sum((t) => t.malformed ?? 0);
  if (malformed > 0) merged.malformed = malformed;
  if (!parts.every((t) => t.okPoolCount !== undefined && t.okDbCount !== undefined)) return merged;
  return {
    ...merged,
    okPoolSumMs: sum((t) => t.okPoolSumMs ?? 0),
    okPoolCount: sum((t) => t.okPoolCount ?? 0),
    okDbSumMs: sum((t) => t.okDbSumMs ?? 0),
    okDbCount: sum((t) => t.okDbCount ?? 0),
  };
}

/** The failed requests' histograms added, when every part has one (older parts have none). */
function mergeErrorHdr(parts: readonly WindowSnapshot[]): Pick<WindowSnapshot, 'hdrErrors'> {
  const hdrs = parts.map((w) => w.hdrErrors);
  if (!hdrs.every((h): h is string => h !== undefined)) return {};
  return { hdrErrors: hdrs.length === 1 ? (hdrs[0] as string) : mergeEncoded(hdrs) };
}
