/**
 * Test builder: RunRecords with real HDR histograms, from per-window latency lists, and
 * sets of synthetic shard records of one closed sweep (for merge and schema tests).
 */
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/metrics/histogram.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { buildStep } from '../../src/record/steps.js';
import type { Analysis, RunRecord, StepRecord, WindowRecord } from '../../src/record/types.js';
import type { Phase } from '../../src/scenario/types.js';
import { shareOfLevel } from '../../src/scale/shard.js';
import { createRng } from '../helpers/rng.js';

export type WindowSpec = {
  phaseIndex: number;
  stage: string;
  /** This record's level in the window (a shard's share). */
  level: number;
  /** The whole run's level of the phase (default `level`): what a step reports. */
  phaseLevel?: number;
  warmup?: boolean;
  latenciesUs: readonly number[];
  errors?: number;
  /** The drain window after the stop (left out of steps). */
  drain?: true;
  /** Per request name: its ok latencies and errors (http-503) in this window (byRequest). */
  byRequest?: Record<string, { latenciesUs: readonly number[]; errors?: number }>;
};

export type RecordSpec = {
  windows: readonly WindowSpec[];
  shard?: { index: number; count: number };
  startedAt?: string;
  sha256?: string;
  name?: string;
  status?: RunRecord['status'];
};

export const EMPTY_ANALYSIS: Analysis = {
  verdict: 'inconclusive',
  shape: null,
  reason: null,
  summary: 'not analyzed',
  knee: null,
  maxThroughputPerSec: null,
  unloadedLatencyMs: null,
  poolEstimate: null,
  errorOnset: null,
  latencyOnset: null,
  usl: null,
  hinge: null,
  queueing: null,
  confidence: 'n/a',
  signals: [],
  spikes: [],
  slo: [],
  capacityAtSlo: null,
  excludedSteps: [],
};

type ByRequest = NonNullable<WindowSpec['byRequest']>;

/** A window whose totals are its requests' (byRequest): every latency, name after name, and their errors summed. */
export function requestsWindow(
  spec: Omit<WindowSpec, 'latenciesUs' | 'errors' | 'byRequest'> & { byRequest: ByRequest },
): WindowSpec {
  const all = Object.values(spec.byRequest);
  return {
    ...spec,
    latenciesUs: all.flatMap((r) => r.latenciesUs),
    errors: all.reduce((a, r) => a + (r.errors ?? 0), 0),
  };
}

export function encodeLatencies(latenciesUs: readonly number[]): string {
  const h = createLatencyHistogram();
  for (const v of latenciesUs) recordLatencyUs(h, v);
  const encoded = encodeHistogram(h);
  h.destroy();
  return encoded;
}

function buildWindow(spec: WindowSpec, index: number): WindowRecord {
  const hdr = encodeLatencies(spec.latenciesUs);
  const ok = spec.latenciesUs.length;
  const errorCount = spec.errors ?? 0;
  const okLatencySumUs = spec.latenciesUs.reduce((a, b) => a + Math.round(b), 0);
  return {
    tMs: index * 1000,
    durationMs: 1000,
    phaseIndex: spec.phaseIndex,
    stage: spec.stage,
    level: spec.level,
    inFlight: spec.level,
    inFlightMax: spec.level,
    inFlightEnd: spec.level,
    intended: ok + errorCount,
    sent: ok + errorCount,
    ok,
    errorCount,
    errors: errorCount > 0 ? { 'http-5xx': errorCount } : {},
    status: { ...(ok > 0 ? { '200': ok } : {}), ...(errorCount > 0 ? { '503': errorCount } : {}) },
    bytesIn: ok * 10,
    late: 0,
    dropped: 0,
    okLatencySumUs,
    errorLatencySumUs: errorCount * 1000,
    quarterOk: [ok, 0, 0, 0],
    quarterErrors: [errorCount, 0, 0, 0],
    latencyMs: summarizeEncoded(hdr),
    hdr,
    serverTiming: { poolSumMs: ok * 2, poolCount: ok, dbSumMs: ok * 5, dbCount: ok },
    generator: { loopDelayP99Ms: 1 + index, utilization: 0.5, lateStartFraction: 0, clientQueued: 0, saturated: false },
    warmup: spec.warmup ?? false,
    ...(spec.drain === true ? { drain: true as const } : {}),
    ...(spec.byRequest === undefined ? {} : { byRequest: buildByRequest(spec.byRequest) }),
  };
}

function buildByRequest(spec: NonNullable<WindowSpec['byRequest']>): NonNullable<WindowRecord['byRequest']> {
  const out: NonNullable<WindowRecord['byRequest']> = {};
  for (const [name, { latenciesUs, errors = 0 }] of Object.entries(spec)) {
    const hdr = encodeLatencies(latenciesUs);
    const ok = latenciesUs.length;
    out[name] = {
      sent: ok + errors,
      ok,
      errorCount: errors,
      errors: errors > 0 ? { 'http-503': errors } : {},
      status: { ...(ok > 0 ? { '200': ok } : {}), ...(errors > 0 ? { '503': errors } : {}) },
      bytesIn: ok * 10,
      hdr,
      latencyMs: summarizeEncoded(hdr),
    };
  }
  return out;
}

/** The schedule phases of the specs: label and level (the whole run's) of each phase. */
function phasesOf(specs: readonly WindowSpec[], windows: readonly WindowRecord[]): Phase[] {
  const phases = new Map<number, Phase>();
  specs.forEach((spec, i) => {
    const w = windows[i]!;
    const existing = phases.get(spec.phaseIndex);
    if (existing !== undefined) {
      existing.durationMs += w.durationMs;
      if (w.warmup) existing.warmupMs += w.durationMs;
      return;
    }
    const level = spec.phaseLevel ?? spec.level;
    phases.set(spec.phaseIndex, {
      index: spec.phaseIndex,
      kind: spec.phaseIndex === 0 ? 'probe' : 'level',
      label: spec.stage,
      startMs: w.tMs,
      durationMs: w.durationMs,
      warmupMs: w.warmup ? w.durationMs : 0,
      fromLevel: level,
      toLevel: level,
    });
  });
  return [...phases.values()];
}

/** Steps as a run builds them (record/steps.ts), with error samples where there were errors. */
function buildSteps(specs: readonly WindowSpec[], windows: readonly WindowRecord[]): StepRecord[] {
  const steps: StepRecord[] = [];
  for (const phase of phasesOf(specs, windows)) {
    const step = buildStep(phase, steps.length, 'closed', windows);
    if (step === undefined) continue;
    if (step.errorCount > 0) step.errorSamples = ['503 pool timeout'];
    steps.push(step);
  }
  return steps;
}

/** A complete RunRecord whose steps are built from its windows. */
export function buildRecord(spec: RecordSpec): RunRecord {
  const windows = spec.windows.map(buildWindow);
  const startedAt = spec.startedAt ?? '2026-11-28T08:00:00.000Z';
  const record: RunRecord = {
    schema: 'capplan.run/v1',
    tool: { name: 'capplan', version: '0.1.0' },
    scenario: {
      name: spec.name ?? 'sweep',
      file: 'sweep.yml',
      sha256: spec.sha256 ?? 'a'.repeat(64),
      resolved: { name: spec.name ?? 'sweep', slo: { p99Ms: 300 } },
    },
    environment: { node: 'v20.20.2', platform: 'linux', cpus: 2, workers: 1, targetUrl: 'http://127.0.0.1:3000' },
    model: 'closed',
    status: spec.status ?? 'completed',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + windows.length * 1000).toISOString(),
    durationMs: windows.length * 1000,
    windows,
    steps: buildSteps(spec.windows, windows),
    warnings: [],
    analysis: EMPTY_ANALYSIS,
  };
  if (spec.shard !== undefined) record.environment.shard = spec.shard;
  return record;
}

/** The sweep the synthetic shards run: global levels, 1 warm-up + 3 measured windows each. */
export const SWEEP_LEVELS = [1, 4, 8, 16, 32] as const;
const WINDOWS_PER_LEVEL = 4;

/**
 * `count` shard records of one closed sweep of a pool-of-8 service: each shard runs its
 * `shareOfLevel` of every level; every user completes ~20 requests per window with latency
 * growing past the pool. Also returns every ok latency per phase (measured windows only) and per window index.
 */
export function syntheticShards(
  count: number,
  seed = 7,
): {
  shards: RunRecord[];
  latenciesByPhase: Map<number, number[]>;
  latenciesByWindow: number[][];
} {
  const random = createRng(seed);
  const latenciesByPhase = new Map<number, number[]>();
  const latenciesByWindow: number[][] = [];
  const shards: RunRecord[] = [];
  for (let index = 0; index < count; index++) {
    const windows: WindowSpec[] = [];
    SWEEP_LEVELS.forEach((level, phaseIndex) => {
      const share = shareOfLevel(level, index, count);
      for (let w = 0; w < WINDOWS_PER_LEVEL; w++) {
        const latenciesUs = Array.from(
          { length: share * 20 },
          () => 5000 * Math.max(1, level / 8) * (0.5 + random()) + random() * 30_000 * (random() < 0.01 ? 1 : 0),
        );
        const warmup = w === 0;
        const k = phaseIndex * WINDOWS_PER_LEVEL + w;
        latenciesByWindow[k] = [...(latenciesByWindow[k] ?? []), ...latenciesUs];
        if (!warmup) latenciesByPhase.set(phaseIndex, [...(latenciesByPhase.get(phaseIndex) ?? []), ...latenciesUs]);
        windows.push({
          phaseIndex,
          stage: phaseIndex === 0 ? 'probe' : `c=${level}`,
          level: share,
          phaseLevel: level,
          warmup,
          latenciesUs,
          errors: level > 8 ? index + 1 : 0,
        });
      }
    });
    shards.push(
      buildRecord({
        windows,
        shard: { index, count },
        startedAt: `2026-11-28T08:00:00.${String(index * 100).padStart(3, '0')}Z`,
      }),
    );
  }
  return { shards, latenciesByPhase, latenciesByWindow };
}
