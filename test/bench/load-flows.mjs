// One capplan engine run in its own process against GET /token (a small JSON body), closed
// model, N users, D ms, W worker threads, in one of three modes:
//   requests  the plain request table (the hot path without flows)
//   flow      a one-step flow, no capture (the FlowRunner path)
//   capture   a one-step flow capturing "$.token" (body buffered and JSON-parsed per response)
// Prints one JSON line like load-capplan.mjs (CPU is the whole process, all threads).
import { runLoad } from '../../dist/engine/coordinator.js';
import { mergeEncoded } from '../../dist/metrics/histogram.js';
import { summarizeEncoded } from '../../dist/metrics/summarize.js';

const [url, connections, durationMs, mode, workers = '1'] = process.argv.slice(2);
const level = Number(connections);
const schedule = {
  model: 'closed',
  phases: [
    {
      index: 0,
      kind: 'stage',
      label: 'bench',
      startMs: 0,
      durationMs: Number(durationMs),
      warmupMs: 0,
      fromLevel: level,
      toLevel: level,
    },
  ],
  totalMs: Number(durationMs),
  peakLevel: level,
  sweep: undefined,
};
const request = {
  name: 'token',
  method: 'GET',
  path: '/token',
  headers: {},
  body: undefined,
  weight: 1,
  expectStatus: [200],
  templated: false,
};
const captures = mode === 'capture' ? [{ var: 'token', kind: 'json', path: ['token'], source: '$.token' }] : [];
const flows =
  mode === 'requests'
    ? undefined
    : [{ name: 'f', weight: 1, steps: [{ ...request, captures, think: { minMs: 0, maxMs: 0 } }] }];
const target = {
  url,
  timeoutMs: 10_000,
  headers: {},
  requests: [request],
  flows,
  load: { think: { minMs: 0, maxMs: 0 }, arrivals: 'constant', seed: 1, maxInFlight: 10_000 },
};
const outcome = await runLoad(schedule, target, { workers: Number(workers) });
const cpu = process.cpuUsage();
const requests = outcome.windows.reduce((a, w) => a + w.ok + w.errorCount, 0);
const errors = outcome.windows.reduce((a, w) => a + w.errorCount, 0);
const seconds = outcome.windows.reduce((a, w) => a + w.durationMs, 0) / 1000;
const p99Ms = summarizeEncoded(mergeEncoded(outcome.windows.map((w) => w.hdr))).p99;
const cpuUs = cpu.user + cpu.system;
const maxRssKb = process.resourceUsage().maxRSS;
process.stdout.write(
  `${JSON.stringify({ mode, requests, errors, reqPerSec: requests / seconds, p99Ms, cpuUs, maxRssKb })}\n`,
);
