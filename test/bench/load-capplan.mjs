// One capplan engine run in its own process: closed model, N users, for D ms.
// Prints one JSON line: requests, req/s, p99 (ms), CPU (user+sys of the whole process, all
// threads), peak RSS.
import { runLoad } from '../../dist/engine/coordinator.js';
import { mergeEncoded } from '../../dist/metrics/histogram.js';
import { summarizeEncoded } from '../../dist/metrics/summarize.js';

const [url, connections, durationMs, workers] = process.argv.slice(2);
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
const target = {
  url,
  timeoutMs: 10_000,
  headers: {},
  requests: [
    {
      name: 'get',
      method: 'GET',
      path: '/',
      headers: {},
      body: undefined,
      weight: 1,
      expectStatus: [200],
      templated: false,
    },
  ],
  load: { think: { minMs: 0, maxMs: 0 }, arrivals: 'constant', seed: 1, maxInFlight: 10_000 },
};
const outcome = await runLoad(schedule, target, workers === undefined ? {} : { workers: Number(workers) });
const cpu = process.cpuUsage();
const requests = outcome.windows.reduce((a, w) => a + w.ok + w.errorCount, 0);
const errors = outcome.windows.reduce((a, w) => a + w.errorCount, 0);
const seconds = outcome.windows.reduce((a, w) => a + w.durationMs, 0) / 1000;
const p99Ms = summarizeEncoded(mergeEncoded(outcome.windows.map((w) => w.hdr))).p99;
const cpuUs = cpu.user + cpu.system;
const maxRssKb = process.resourceUsage().maxRSS;
const result = { requests, errors, reqPerSec: requests / seconds, p99Ms, cpuUs, maxRssKb, workers: outcome.workers };
process.stdout.write(`${JSON.stringify(result)}\n`);
