/**
 * Builds small but valid RunRecords (they pass record/schema.ts) whose analysis carries the
 * key metrics the CI gate reads, for compare/history tests. No windows, one step per level.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LatencySummary } from '../../src/metrics/types.js';
import {
  RUN_RECORD_SCHEMA,
  type Analysis,
  type RunRecord,
  type SloResult,
  type StepRecord,
} from '../../src/record/types.js';

export type GateRecordSpec = {
  /** Max goodput, req/s (default 400); null: none measured. */
  maxGoodputPerSec?: number | null;
  maxGoodputCensored?: boolean;
  /** Knee concurrency (default 20); null: none. */
  knee?: number | null;
  kneeCensored?: 'above' | 'below' | null;
  /** Levels tested (default 1, 2, 4, …, 64). */
  levels?: number[];
  errorOnset?: number | null;
  slo?: SloResult[];
  /**
   * A step at this level is marked generator-saturated (the verdict
   * becomes "inconclusive" unless `verdict` says otherwise).
   */
  generatorSaturatedAt?: number | null;
  verdict?: Analysis['verdict'];
  scenario?: string;
  sha256?: string;
  /** Minute offset that makes startedAt (and so the run id) unique. */
  minute?: number;
  status?: RunRecord['status'];
};

const LATENCY: LatencySummary = { count: 100, p50: 50, p90: 60, p95: 70, p99: 80, p999: 90, max: 100, mean: 52 };

function step(index: number, level: number, goodputPerSec: number, saturated: boolean): StepRecord {
  return {
    index,
    phaseIndex: index,
    kind: index === 0 ? 'probe' : 'level',
    label: `c=${level}`,
    level,
    fromLevel: level,
    model: 'closed',
    startMs: index * 5000,
    durationMs: 4000,
    windowRange: [0, 0],
    intended: 100,
    sent: 100,
    ok: 100,
    errorCount: 0,
    errors: {},
    status: { '200': 100 },
    late: 0,
    dropped: 0,
    throughputPerSec: goodputPerSec,
    goodputPerSec,
    errorRate: 0,
    inFlight: level,
    latencyMs: LATENCY,
    meanOkLatencyMs: 52,
    meanErrorLatencyMs: 0,
    hdr: '',
    stable: true,
    inFlightGrowthPerSec: 0,
    generatorSaturated: saturated,
    errorSamples: [],
  };
}

export function gateRecord(spec: GateRecordSpec = {}): RunRecord {
  const levels = spec.levels ?? [1, 2, 4, 8, 16, 32, 64];
  const xmax = spec.maxGoodputPerSec === undefined ? 400 : spec.maxGoodputPerSec;
  const kneeValue = spec.knee === undefined ? 20 : spec.knee;
  const top = levels[levels.length - 1]!;
  const started = new Date(Date.UTC(2026, 10, 1, 8, spec.minute ?? 0));
  const analysis: Analysis = {
    verdict:
      spec.verdict ??
      (typeof spec.generatorSaturatedAt === 'number'
        ? 'inconclusive'
        : kneeValue === null || spec.kneeCensored === 'above'
          ? 'not-reached'
          : 'pool-exhaustion'),
    shape: 'plateau',
    reason: 'throughput-plateau',
    summary: 'synthetic record for gate tests',
    knee:
      kneeValue === null
        ? null
        : {
            concurrency: spec.kneeCensored === 'above' ? top : kneeValue,
            ci95: spec.kneeCensored === 'above' ? [top, top] : [kneeValue * 0.9, kneeValue * 1.1],
            bracket: [kneeValue / 2, kneeValue],
            censored: spec.kneeCensored ?? null,
          },
    maxThroughputPerSec:
      xmax === null
        ? null
        : { value: xmax, ci95: [xmax * 0.97, xmax * 1.03], censored: spec.maxGoodputCensored ?? false },
    unloadedLatencyMs: 50,
    poolEstimate: null,
    errorOnset:
      spec.errorOnset === undefined || spec.errorOnset === null
        ? null
        : {
            concurrency: spec.errorOnset,
            bracket: [spec.errorOnset / 2, spec.errorOnset],
            kind: 'http-5xx',
            errorRate: 0.2,
          },
    latencyOnset: null,
    usl: null,
    hinge: null,
    queueing: null,
    confidence: 'high',
    signals: [],
    spikes: [],
    slo: spec.slo ?? [],
    capacityAtSlo: null,
    excludedSteps: [],
  };
  return {
    schema: RUN_RECORD_SCHEMA,
    tool: { name: 'capplan', version: '0.0.0-test' },
    scenario: {
      name: spec.scenario ?? 'capacity',
      file: 'scenarios/capacity.yml',
      sha256: spec.sha256 ?? 'abc123',
      resolved: {},
    },
    environment: { node: 'v20.20.2', platform: 'linux', cpus: 2, workers: 1, targetUrl: 'http://127.0.0.1:3000' },
    model: 'closed',
    status: spec.status ?? 'completed',
    startedAt: started.toISOString(),
    endedAt: new Date(started.getTime() + 60_000).toISOString(),
    durationMs: 60_000,
    windows: [],
    steps: levels.map((level, i) =>
      step(i, level, Math.min(level * 20, xmax ?? level * 20), level === spec.generatorSaturatedAt),
    ),
    warnings: [],
    analysis,
  };
}

/** Writes records as `<dir>/<name>` files (JSON) and returns their paths. */
export function writeRecords(dir: string, records: Record<string, RunRecord | object>): string[] {
  return Object.entries(records).map(([name, record]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(record, null, 2));
    return path;
  });
}
