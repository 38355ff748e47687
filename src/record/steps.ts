/**
 * StepRecords from merged windows (pure): one step per phase, measured windows only (the
 * warm-up and the drain after the stop are left out; the drain still counts in run totals),
 * with exact HDR merges and the open-model stability check of ANALYSIS.md §3.4 (OLS slope of
 * in-flight over the step's second half).
 */
import { mergeEncoded } from '../metrics/histogram.js';
import { mergeServerTiming } from '../metrics/merge-snapshots.js';
import { summarizeEncoded } from '../metrics/summarize.js';
import type { LoadModel, Phase } from '../scenario/types.js';
import { olsSlope } from '../stats/index.js';
import { generatorOf } from './step-generator.js';
import { stepByRequest } from './by-request.js';
import type { StepRecord, WindowRecord } from './types.js';

const MAX_STEP_SAMPLES = 10;

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/**
 * In-flight growth per second over the second half of the windows, and whether the step is
 * stable: unstable when growth > 0.02·rate and the growth over that half exceeds 5 requests.
 */
export function openStability(
  windows: readonly WindowRecord[],
  ratePerSec: number,
): { growthPerSec: number; stable: boolean } {
  const half = windows.length >= 4 ? windows.slice(Math.floor(windows.length / 2)) : windows;
  const xs = half.map((w) => (w.tMs + w.durationMs / 2) / 1000);
  const ys = half.map((w) => w.inFlight);
  const growthPerSec = olsSlope(xs, ys);
  const spanSec = xs.length > 1 ? xs[xs.length - 1]! - xs[0]! : 0;
  const stable = !(growthPerSec > 0.02 * ratePerSec && growthPerSec * spanSec > 5);
  return { growthPerSec, stable };
}

/** Indexes of the phase's windows that count: no warm-up, no drain. */
function measuredPositions(phase: Phase, windows: readonly WindowRecord[]): number[] {
  const positions: number[] = [];
  windows.forEach((w, i) => {
    if (w.phaseIndex === phase.index && !w.warmup && w.drain !== true) positions.push(i);
  });
  return positions;
}

function mergedCounts(measured: readonly WindowRecord[]): {
  errors: Record<string, number>;
  status: Record<string, number>;
} {
  const errors: Record<string, number> = {};
  const status: Record<string, number> = {};
  for (const w of measured) {
    addCounts(errors, w.errors);
    addCounts(status, w.status);
  }
  return { errors, status };
}

/** The step of `phase`, or undefined when none of its windows was measured. */
export function buildStep(
  phase: Phase,
  stepIndex: number,
  model: LoadModel,
  windows: readonly WindowRecord[],
): StepRecord | undefined {
  const positions = measuredPositions(phase, windows);
  if (positions.length === 0) return undefined;
  const measured = positions.map((i) => windows[i]!);
  const sum = (pick: (w: WindowRecord) => number): number => measured.reduce((a, w) => a + pick(w), 0);
  const { errors, status } = mergedCounts(measured);
  const durationMs = sum((w) => w.durationMs);
  const seconds = durationMs / 1000;
  const ok = sum((w) => w.ok);
  const errorCount = sum((w) => w.errorCount);
  const dropped = sum((w) => w.dropped);
  const hdr = mergeEncoded(measured.map((w) => w.hdr));
  const { growthPerSec, stable } =
    model === 'open' ? openStability(measured, phase.toLevel) : { growthPerSec: 0, stable: true };
  const byRequest = stepByRequest(measured);
  return {
    index: stepIndex,
    phaseIndex: phase.index,
    kind: phase.kind,
    label: phase.label,
    level: phase.toLevel,
    fromLevel: phase.fromLevel,
    model,
    startMs: measured[0]!.tMs,
    durationMs,
    windowRange: [positions[0]!, positions[positions.length - 1]!],
    intended: sum((w) => w.intended),
    sent: sum((w) => w.sent),
    ok,
    errorCount,
    errors,
    status,
    late: sum((w) => w.late),
    dropped,
    throughputPerSec: seconds > 0 ? (ok + errorCount) / seconds : 0,
    goodputPerSec: seconds > 0 ? ok / seconds : 0,
    errorRate: ok + errorCount + dropped > 0 ? (errorCount + dropped) / (ok + errorCount + dropped) : 0,
    inFlight: durationMs > 0 ? sum((w) => w.inFlight * w.durationMs) / durationMs : 0,
    latencyMs: summarizeEncoded(hdr),
    meanOkLatencyMs: ok > 0 ? sum((w) => w.okLatencySumUs) / ok / 1000 : 0,
    meanErrorLatencyMs: errorCount > 0 ? sum((w) => w.errorLatencySumUs) / errorCount / 1000 : 0,
    hdr,
    ...allLatencyOf(measured, hdr),
    ...serverTimingOf(measured),
    stable,
    inFlightGrowthPerSec: growthPerSec,
    ...generatorOf(measured),
    errorSamples: [],
    ...(byRequest === undefined ? {} : { byRequest }),
  };
}

/**
 * The failed requests' histogram of a step and the latency of every request (issue 11, 2.7:
 * latency SLOs count failures, a timeout at its timeout); nothing for windows recorded before.
 */
function allLatencyOf(windows: readonly WindowRecord[], hdr: string): Pick<StepRecord, 'hdrErrors' | 'latencyAllMs'> {
  const hdrs = windows.map((w) => w.hdrErrors);
  if (!hdrs.every((h): h is string => h !== undefined)) return {};
  const hdrErrors = mergeEncoded(hdrs);
  return { hdrErrors, latencyAllMs: summarizeEncoded(mergeEncoded([hdr, hdrErrors])) };
}

type TimingMeans = { holdMs: number; waitMs: number; samples: number };

function means(dbSum: number, dbCount: number, poolSum: number, poolCount: number): TimingMeans | null {
  if (dbCount + poolCount === 0) return null;
  return {
    holdMs: dbCount > 0 ? dbSum / dbCount : 0,
    waitMs: poolCount > 0 ? poolSum / poolCount : 0,
    samples: Math.max(dbCount, poolCount),
  };
}

/**
 * Server-Timing means of a step: hold and wait from ok responses (issue 11, 2.1: error
 * responses often carry `pool;dur=0, db;dur=0`, which would read as a short hold and as
 * client-side queueing); the error responses' means apart. Windows recorded before the
 * outcomes were kept apart give the all-responses means, as before.
 */
function serverTimingOf(windows: readonly WindowRecord[]): Pick<StepRecord, 'serverTiming' | 'serverTimingErrors'> {
  const t = mergeServerTiming(windows.map((w) => w.serverTiming));
  if (t.okPoolCount === undefined || t.okDbCount === undefined) {
    const all = means(t.dbSumMs, t.dbCount, t.poolSumMs, t.poolCount);
    return all === null ? {} : { serverTiming: all };
  }
  const ok = means(t.okDbSumMs ?? 0, t.okDbCount, t.okPoolSumMs ?? 0, t.okPoolCount);
  const errors = means(
    t.dbSumMs - (t.okDbSumMs ?? 0),
    t.dbCount - t.okDbCount,
    t.poolSumMs - (t.okPoolSumMs ?? 0),
    t.poolCount - t.okPoolCount,
  );
  return { ...(ok === null ? {} : { serverTiming: ok }), ...(errors === null ? {} : { serverTimingErrors: errors }) };
}

/** Distinct error samples of a step's windows, bounded. */
export function stepErrorSamples(samplesByWindow: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const samples of samplesByWindow)
    for (const s of samples) if (out.length < MAX_STEP_SAMPLES && !out.includes(s)) out.push(s);
  return out;
}
