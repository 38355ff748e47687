/**
 * Synthetic RunRecords for analyzer tests: steps and 1 s windows (with 250 ms buckets)
 * built from explicit (level, goodput, latency, errors) tables, so tests run without a
 * network and assert against known inputs. Defaults keep Little's law exact: closed-model
 * latency is level / (goodput + error rate) unless given.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { AnalyzeInput } from '../../src/analyze/index.js';
import type { LatencySummary } from '../../src/metrics/types.js';
import type { ProbeSeries, StepRecord, WindowRecord } from '../../src/record/types.js';
import type { LoadModel } from '../../src/scenario/types.js';
import { boxMuller } from './rng.js';

export type StepRow = {
  level: number;
  goodputPerSec: number;
  /** Error completions per second (or give errorFraction of ok + errors). */
  errorsPerSec?: number;
  errorFraction?: number;
  errorKind?: string;
  errorSamples?: string[];
  meanOkLatencyMs?: number;
  meanErrorLatencyMs?: number;
  /** Mean in-flight; closed default = level, open default = X·R + Xerr·Rerr. */
  inFlight?: number;
  kind?: StepRecord['kind'];
  label?: string;
  fromLevel?: number;
  seconds?: number;
  stable?: boolean;
  inFlightGrowthPerSec?: number;
  generatorSaturated?: boolean;
  serverTiming?: { holdMs: number; waitMs: number };
  p99Ms?: number;
  /** Per-window p99 / errors / in-flight overrides (spike tests). */
  windowP99Ms?: number[];
  windowErrors?: number[];
  windowInFlight?: number[];
  late?: number;
};

export type BuildOptions = {
  model?: LoadModel;
  seed?: number;
  /** Relative SD of each 250 ms bucket. */ bucketCv?: number;
};

/** A standard normal draw from a pure-rand generator (Box–Muller). */
export function normalSource(seed: number): () => number {
  const gen = xoroshiro128plus(seed);
  const u = (): number => ((gen.next() >>> 0) + 0.5) / 4294967296;
  return () => boxMuller(u(), u());
}

function latency(count: number, meanMs: number, p99Ms: number): LatencySummary {
  return {
    count,
    p50: meanMs,
    p90: meanMs * 1.5,
    p95: meanMs * 1.8,
    p99: p99Ms,
    p999: Math.max(p99Ms, meanMs * 2.5),
    max: Math.max(p99Ms, meanMs * 3),
    mean: meanMs,
  };
}

type Derived = { x: number; xErr: number; rOk: number; rErr: number; inFlight: number; seconds: number };

function derive(row: StepRow, model: LoadModel): Derived {
  const x = row.goodputPerSec;
  const xErr =
    row.errorsPerSec ??
    (row.errorFraction !== undefined && row.errorFraction < 1 ? (x * row.errorFraction) / (1 - row.errorFraction) : 0);
  const seconds = row.seconds ?? 10;
  if (model === 'closed') {
    const rErr = row.meanErrorLatencyMs ?? row.meanOkLatencyMs ?? (row.level / Math.max(x + xErr, 1e-9)) * 1000;
    const rOk = row.meanOkLatencyMs ?? (x > 0 ? ((row.level - (xErr * rErr) / 1000) / x) * 1000 : 0);
    return { x, xErr, rOk, rErr, inFlight: row.inFlight ?? row.level, seconds };
  }
  const rOk = row.meanOkLatencyMs ?? 50;
  const rErr = row.meanErrorLatencyMs ?? rOk;
  return { x, xErr, rOk, rErr, inFlight: row.inFlight ?? (x * rOk + xErr * rErr) / 1000, seconds };
}

/** Rounds a stream of expected counts to integers, carrying the remainder (totals stay exact). */
function rounder(): (v: number) => number {
  let carry = 0;
  return (v) => {
    const want = Math.max(0, v) + carry;
    const n = Math.max(0, Math.round(want));
    carry = want - n;
    return n;
  };
}

/** The request counters a window and a step share: all sent as intended, the errors of one kind. */
function counts(
  row: StepRow,
  ok: number,
  errorCount: number,
): Pick<StepRecord, 'intended' | 'sent' | 'ok' | 'errorCount' | 'errors' | 'status'> {
  return {
    intended: ok + errorCount,
    sent: ok + errorCount,
    ok,
    errorCount,
    errors: errorCount > 0 ? { [row.errorKind ?? 'http-503']: errorCount } : {},
    status: {},
  };
}

function windowsFor(
  row: StepRow,
  d: Derived,
  phaseIndex: number,
  startWindow: number,
  noise: (() => number) | null,
  cv: number,
): WindowRecord[] {
  const out: WindowRecord[] = [];
  const p99 = row.p99Ms ?? d.rOk * 2;
  const okCount = rounder();
  const errCount = rounder();
  for (let k = 0; k < d.seconds; k += 1) {
    const quarterOk = [0, 1, 2, 3].map(() => okCount((d.x / 4) * (1 + (noise === null ? 0 : cv * noise()))));
    const errs = row.windowErrors?.[k] ?? d.xErr;
    const quarterErrors = [0, 1, 2, 3].map(() => errCount(errs / 4));
    const ok = quarterOk.reduce((s, v) => s + v, 0);
    const errorCount = quarterErrors.reduce((s, v) => s + v, 0);
    const inFlight = row.windowInFlight?.[k] ?? d.inFlight;
    out.push({
      tMs: (startWindow + k) * 1000,
      durationMs: 1000,
      phaseIndex,
      stage: row.label ?? `c=${row.level}`,
      level: row.level,
      inFlight,
      inFlightMax: Math.ceil(inFlight),
      inFlightEnd: inFlight,
      ...counts(row, ok, errorCount),
      bytesIn: 0,
      late: 0,
      dropped: 0,
      okLatencySumUs: ok * d.rOk * 1000,
      errorLatencySumUs: errorCount * d.rErr * 1000,
      quarterOk,
      quarterErrors,
      latencyMs: latency(ok, d.rOk, row.windowP99Ms?.[k] ?? p99),
      hdr: '',
      serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
      generator: {
        loopDelayP99Ms: 1,
        utilization: 0.2,
        lateStartFraction: 0,
        clientQueued: 0,
        saturated: row.generatorSaturated === true,
      },
      warmup: false,
    });
  }
  return out;
}

function stepFor(
  row: StepRow,
  d: Derived,
  index: number,
  model: LoadModel,
  windows: WindowRecord[],
  first: number,
): StepRecord {
  const ok = windows.reduce((s, w) => s + w.ok, 0);
  const errorCount = windows.reduce((s, w) => s + w.errorCount, 0);
  const x = ok / d.seconds;
  return {
    index,
    phaseIndex: index,
    kind: row.kind ?? (row.level === 1 && model === 'closed' ? 'probe' : 'level'),
    label: row.label ?? (row.level === 1 ? 'probe' : `c=${row.level}`),
    level: row.level,
    fromLevel: row.fromLevel ?? row.level,
    model,
    startMs: first * 1000,
    durationMs: d.seconds * 1000,
    windowRange: [first, first + windows.length - 1],
    ...counts(row, ok, errorCount),
    late: row.late ?? 0,
    dropped: 0,
    throughputPerSec: (ok + errorCount) / d.seconds,
    goodputPerSec: x,
    errorRate: ok + errorCount > 0 ? errorCount / (ok + errorCount) : 0,
    inFlight: d.inFlight,
    latencyMs: latency(ok, d.rOk, row.p99Ms ?? Math.max(d.rOk * 2, ...(row.windowP99Ms ?? []))),
    meanOkLatencyMs: d.rOk,
    meanErrorLatencyMs: d.rErr,
    hdr: '',
    ...(row.serverTiming === undefined ? {} : { serverTiming: { ...row.serverTiming, samples: ok } }),
    stable: row.stable ?? true,
    inFlightGrowthPerSec: row.inFlightGrowthPerSec ?? 0,
    generatorSaturated: row.generatorSaturated === true,
    errorSamples: row.errorSamples ?? [],
  };
}

/** Steps and their windows, one after the other on the run's time axis. */
export function buildSteps(
  rows: readonly StepRow[],
  options: BuildOptions = {},
): { steps: StepRecord[]; windows: WindowRecord[] } {
  const model = options.model ?? 'closed';
  const noise = (options.bucketCv ?? 0) > 0 ? normalSource(options.seed ?? 7) : null;
  const steps: StepRecord[] = [];
  const windows: WindowRecord[] = [];
  rows.forEach((row, index) => {
    const d = derive(row, model);
    const first = windows.length;
    const ws = windowsFor(row, d, index, first, noise, options.bucketCv ?? 0);
    windows.push(...ws);
    steps.push(stepFor(row, d, index, model, ws, first));
  });
  return { steps, windows };
}

/** A whole record (no analysis yet) from a table. */
export function buildRecord(
  rows: readonly StepRow[],
  options: BuildOptions & { probes?: ProbeSeries[] } = {},
): AnalyzeInput {
  const { steps, windows } = buildSteps(rows, options);
  const durationMs = windows.length * 1000;
  return {
    schema: 'capplan.run/v1',
    tool: { name: 'capplan', version: '0.0.0-test' },
    scenario: { name: 'synthetic', file: '<test>', sha256: '', resolved: null },
    environment: { node: 'v20', platform: 'linux', cpus: 2, workers: 1, targetUrl: 'http://127.0.0.1:0' },
    model: options.model ?? 'closed',
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:00.000Z',
    durationMs,
    windows,
    steps,
    ...(options.probes === undefined ? {} : { probes: options.probes }),
    warnings: [],
  };
}

/** Ideal closed-loop pool data: X = min(N/R0, P/S), with R0 = S + overhead. */
export function poolRows(
  levels: readonly number[],
  options: { poolSize: number; serviceMs: number; overheadMs?: number; serverTiming?: boolean },
): StepRow[] {
  const r0Ms = options.serviceMs + (options.overheadMs ?? 1);
  const xmax = (options.poolSize * 1000) / options.serviceMs;
  return levels.map((level) => {
    const x = Math.min((level * 1000) / r0Ms, xmax);
    const rMs = (level / x) * 1000;
    return {
      level,
      goodputPerSec: x,
      ...(options.serverTiming === true
        ? { serverTiming: { holdMs: options.serviceMs, waitMs: Math.max(0, rMs - r0Ms) } }
        : {}),
    };
  });
}
