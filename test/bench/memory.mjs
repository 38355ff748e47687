// Memory over a long run: 60 s at 2000 req/s (open model) in this process. Samples after each
// window: RSS (all threads), the main thread's heap after a GC (--expose-gc), and the worker
// threads' heap in use (reported in each window's generator health). An optional 4th argument
// spreads the load over that many request names (/e1 ... /eN): per-request results
// (byRequest) then keep one histogram per name per window.
import { runLoad } from '../../dist/engine/coordinator.js';
import { benchTarget, getRequest, holdSchedule } from './engine-load.mjs';

const [url, ratePerSec, durationMs, endpointCount = '1'] = process.argv.slice(2);
const schedule = holdSchedule('open', 'soak', Number(ratePerSec), Number(durationMs));
const target = benchTarget(
  url,
  Array.from({ length: Number(endpointCount) }, (_, i) =>
    Number(endpointCount) === 1 ? getRequest() : getRequest({ name: `e${i + 1}`, path: `/e${i + 1}` }),
  ),
);
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
