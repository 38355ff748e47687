// Memory over a long run: 60 s at 2000 req/s (open model) in this process. Samples after each
// window: RSS (all threads), the main thread's heap after a GC (--expose-gc), and the worker
// threads' heap in use (reported in each window's generator health). An optional 4th argument
// spreads the load over that many request names (/e1 ... /eN): per-request results
// (byRequest) then keep one histogram per name per window.
import { runLoad } from '../../dist/engine/coordinator.js';

const [url, ratePerSec, durationMs, endpointCount = '1'] = process.argv.slice(2);
const rate = Number(ratePerSec);
const schedule = {
  model: 'open',
  phases: [
    {
      index: 0,
      kind: 'stage',
      label: 'soak',
      startMs: 0,
      durationMs: Number(durationMs),
      warmupMs: 0,
      fromLevel: rate,
      toLevel: rate,
    },
  ],
  totalMs: Number(durationMs),
  peakLevel: rate,
  sweep: undefined,
};
const target = {
  url,
  timeoutMs: 10_000,
  headers: {},
  requests: Array.from({ length: Number(endpointCount) }, (_, i) => ({
    name: Number(endpointCount) === 1 ? 'get' : `e${i + 1}`,
    method: 'GET',
    path: Number(endpointCount) === 1 ? '/' : `/e${i + 1}`,
    headers: {},
    body: undefined,
    weight: 1,
    expectStatus: [200],
    templated: false,
  })),
  load: { think: { minMs: 0, maxMs: 0 }, arrivals: 'constant', seed: 1, maxInFlight: 10_000 },
};
const samples = [];
const outcome = await runLoad(schedule, target, {
  onWindow: (w) => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    samples.push({
      second: (w.tMs + w.durationMs) / 1000,
      rssMb: m.rss / 2 ** 20,
      mainHeapMb: m.heapUsed / 2 ** 20,
      workerHeapMb: w.generator.heapUsedMb ?? 0,
      sent: w.sent,
      late: w.late,
      names: Object.keys(w.byRequest ?? {}).length,
    });
  },
});
const requests = outcome.windows.reduce((a, w) => a + w.sent, 0);
process.stdout.write(`${JSON.stringify({ requests, samples })}\n`);
