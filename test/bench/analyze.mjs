#!/usr/bin/env node
/**
 * Benchmark of the analyzer (issue 4 acceptance): a 1-hour closed-model sweep record,
 * 100 steps × 36 windows (3600 windows, 14 400 quarter buckets), against a pool of 20
 * with 50 ms holds, analyzed with B = 1000 bootstrap resamples. Prints the median of a few
 * timed runs after a warm-up. Needs `npm run build` first (imports dist/).
 *
 *   node test/bench/analyze.mjs
 *   prints "analyzeRun 1 h record (3600 windows, 100 steps, B=1000): … ms wall, … ms CPU …"
 */
import { analyzeRun } from '../../dist/analyze/index.js';

const STEPS = 100;
const WINDOWS_PER_STEP = 36;
const POOL = 20;
const SERVICE_MS = 50;
const OVERHEAD_MS = 1;

/** Deterministic noise for the data (a benchmark fixture, not analysis randomness). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A latency summary of `count` responses around a mean of `rMs`, with a fixed tail shape. */
function latency(count, rMs) {
  return { count, p50: rMs, p90: rMs * 1.2, p95: rMs * 1.3, p99: rMs * 1.6, p999: rMs * 2, max: rMs * 2.5, mean: rMs };
}

function buildRecord() {
  const u = lcg(42);
  const normal = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const windows = [];
  const steps = [];
  for (let i = 0; i < STEPS; i += 1) {
    const level = i + 1;
    const r0 = SERVICE_MS + OVERHEAD_MS;
    const x = Math.min((level * 1000) / r0, (POOL * 1000) / SERVICE_MS);
    const rMs = (level / x) * 1000;
    const first = windows.length;
    let ok = 0;
    for (let k = 0; k < WINDOWS_PER_STEP; k += 1) {
      const quarterOk = [0, 1, 2, 3].map(() => Math.max(0, Math.round((x / 4) * (1 + 0.05 * normal()))));
      const wOk = quarterOk.reduce((a, b) => a + b, 0);
      ok += wOk;
      windows.push({
        tMs: windows.length * 1000,
        durationMs: 1000,
        phaseIndex: i,
        stage: `c=${level}`,
        level,
        inFlight: level,
        inFlightMax: level,
        inFlightEnd: level,
        intended: wOk,
        sent: wOk,
        ok: wOk,
        errorCount: 0,
        errors: {},
        status: { 200: wOk },
        bytesIn: 0,
        late: 0,
        dropped: 0,
        okLatencySumUs: wOk * rMs * 1000,
        errorLatencySumUs: 0,
        quarterOk,
        quarterErrors: [0, 0, 0, 0],
        latencyMs: latency(wOk, rMs),
        hdr: '',
        serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
        generator: { loopDelayP99Ms: 2, utilization: 0.3, lateStartFraction: 0, clientQueued: 0, saturated: false },
        warmup: false,
      });
    }
    const durationMs = WINDOWS_PER_STEP * 1000;
    steps.push({
      index: i,
      phaseIndex: i,
      kind: level === 1 ? 'probe' : 'level',
      label: level === 1 ? 'probe' : `c=${level}`,
      level,
      fromLevel: level,
      model: 'closed',
      startMs: first * 1000,
      durationMs,
      windowRange: [first, windows.length - 1],
      intended: ok,
      sent: ok,
      ok,
      errorCount: 0,
      errors: {},
      status: { 200: ok },
      late: 0,
      dropped: 0,
      throughputPerSec: ok / 36,
      goodputPerSec: ok / 36,
      errorRate: 0,
      inFlight: level,
      latencyMs: latency(ok, rMs),
      meanOkLatencyMs: rMs,
      meanErrorLatencyMs: 0,
      hdr: '',
      serverTiming: { holdMs: SERVICE_MS, waitMs: Math.max(0, rMs - r0), samples: ok },
      stable: true,
      inFlightGrowthPerSec: 0,
      generatorSaturated: false,
      errorSamples: [],
    });
  }
  return {
    schema: 'capplan.run/v1',
    tool: { name: 'capplan', version: 'bench' },
    scenario: { name: 'bench', file: '<bench>', sha256: '', resolved: null },
    environment: {
      node: process.version,
      platform: process.platform,
      cpus: 2,
      workers: 1,
      targetUrl: 'http://127.0.0.1:0',
    },
    model: 'closed',
    status: 'completed',
    startedAt: '',
    endedAt: '',
    durationMs: windows.length * 1000,
    windows,
    steps,
    warnings: [],
  };
}

const record = buildRecord();
const options = { bootstrapSamples: 1000, seed: 1, slo: { p99Ms: 200, errorRate: 0.01 } };
analyzeRun(record, options); // warm-up (JIT)
// Wall time suffers when other processes share the cores; CPU time of this process is
// the steadier figure on a busy machine, so both are printed.
const times = [];
const cpuTimes = [];
let analysis;
for (let run = 0; run < 5; run += 1) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  analysis = analyzeRun(record, options);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
console.log(
  `analyzeRun 1 h record (${record.windows.length} windows, ${record.steps.length} steps, ` +
    `B=1000): ${times[2].toFixed(0)} ms wall, ${cpuTimes[2].toFixed(0)} ms CPU (median of 5; ` +
    `wall min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}; budget 500 ms)`,
);
console.log(
  `  verdict ${analysis.verdict}, knee ${analysis.knee?.concurrency.toFixed(2)} (95% CI ` +
    `${analysis.knee?.ci95.map((v) => v.toFixed(2)).join('–')}), pool ${analysis.poolEstimate?.size.toFixed(1)}`,
);
