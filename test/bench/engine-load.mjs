// What the bench's engine scripts (load-capplan, load-flows, memory, hot) build alike, as the
// scenario parser would: a one-stage schedule, a GET request, a target, and the result line
// they print for run.mjs.
import { mergeEncoded } from '../../dist/metrics/histogram.js';
import { summarizeEncoded } from '../../dist/metrics/summarize.js';

/** One stage named `label` at `level` (users or req/s) for `durationMs`, no warm-up. */
export function holdSchedule(model, label, level, durationMs) {
  return {
    model,
    phases: [{ index: 0, kind: 'stage', label, startMs: 0, durationMs, warmupMs: 0, fromLevel: level, toLevel: level }],
    totalMs: durationMs,
    peakLevel: level,
    sweep: undefined,
  };
}

/** GET / named "get", expecting 200, unless `overrides` say otherwise. */
export function getRequest(overrides = {}) {
  return {
    name: 'get',
    method: 'GET',
    path: '/',
    headers: {},
    body: undefined,
    weight: 1,
    expectStatus: [200],
    templated: false,
    ...overrides,
  };
}

/** The target `requests` are sent to: 10 s timeout, no think time, constant arrivals; `extra` adds (flows). */
export function benchTarget(url, requests, extra = {}) {
  return {
    url,
    timeoutMs: 10_000,
    headers: {},
    requests,
    ...extra,
    load: { think: { minMs: 0, maxMs: 0 }, arrivals: 'constant', seed: 1, maxInFlight: 10_000 },
  };
}

/**
 * The figures of a finished run: requests, errors, req/s, p99 (ms), CPU (user+sys of the whole
 * process, all threads) and peak RSS. Call it as soon as runLoad returns: CPU is read first.
 */
export function engineResult(outcome) {
  const cpu = process.cpuUsage();
  const requests = outcome.windows.reduce((a, w) => a + w.ok + w.errorCount, 0);
  const errors = outcome.windows.reduce((a, w) => a + w.errorCount, 0);
  const seconds = outcome.windows.reduce((a, w) => a + w.durationMs, 0) / 1000;
  const p99Ms = summarizeEncoded(mergeEncoded(outcome.windows.map((w) => w.hdr))).p99;
  const cpuUs = cpu.user + cpu.system;
  const maxRssKb = process.resourceUsage().maxRSS;
  return { requests, errors, reqPerSec: requests / seconds, p99Ms, cpuUs, maxRssKb };
}
