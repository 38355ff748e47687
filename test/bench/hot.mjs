// capplan's own share of the request path (not part of `npm test`): the worker's hot path
// (WorkerCore + RequestTable + ClosedModel over real undici connections, as engine/worker.ts
// builds them) runs in this thread against the bench target, under a V8 profiler:
//   node test/bench/hot.mjs cpu URL N MS    CPU profile: self time in capplan's code (dist/ and
//                                          hdr-histogram-js) as a share of all non-idle time
//   node --no-turbo-inlining test/bench/hot.mjs alloc URL N MS
//                                          heap sampling: bytes allocated per request by capplan's
//                                          frames (inlining off, so undici's allocations are not
//                                          attributed to the capplan frame they were inlined into)
// Prints one JSON line. Ratios and counts, not times: robust on a shared machine.
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { ClosedModel } from '../../dist/engine/closed-model.js';
import { RequestTable } from '../../dist/engine/request-table.js';
import { WorkerCore } from '../../dist/engine/worker-core.js';
import { getRequest } from './engine-load.mjs';

const [mode, url, connections, durationMs] = process.argv.slice(2);
const own = (frameUrl) => frameUrl.includes('/dist/') || frameUrl.includes('hdr-histogram-js');
const frameName = (f) =>
  `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;

/** Runs N users, warms up, then `measure` wraps the measured part. Returns the requests measured. */
async function runHotPath(measure) {
  const table = new RequestTable([getRequest()], {
    basePath: '',
    headers: {},
    timeoutMs: 10_000,
    compile: undefined,
    random: Math.random,
  });
  let ok = 0;
  let model;
  const core = new WorkerCore({ post: (w) => (ok += w.ok), level: () => model?.level ?? 0 }, 0, 1, table.names);
  const settings = { origin: new URL(url).origin, timeoutMs: 10_000 };
  model = new ClosedModel({ core, settings, table, flows: undefined }, { minMs: 0, maxMs: 0 }, Math.random);
  core.start(performance.timeOrigin + performance.now());
  const sampler = setInterval(() => {
    const now = performance.now();
    for (const slot of model.slots) slot.checkTimeout(now, 10_000);
    core.roll(now);
    core.recorder.sampleInFlight(core.inFlight);
  }, 100);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  model.setUsers(Number(connections));
  // Warm-up: connections open and the code optimized (at least 2 s and 20,000 responses).
  const warmFrom = performance.now();
  while (performance.now() - warmFrom < (ok < 20_000 ? 10_000 : 2000)) await sleep(100);
  core.roll(performance.now() + 1000); // close the warm-up window: only measured requests count below
  const okBefore = ok;
  const stopAtMs = Math.ceil((performance.now() - core.t0 + Number(durationMs)) / 1000) * 1000;
  await measure(async () => {
    await sleep(core.t0 + stopAtMs - performance.now());
    model.stop();
    while (core.inFlight > 0) await sleep(5);
  });
  core.limitWindows(stopAtMs);
  core.finish(performance.now());
  clearInterval(sampler);
  await Promise.all(model.slots.map((s) => s.client.destroy()));
  return ok - okBefore;
}

const session = new Session();
session.connect();
let result;
if (mode === 'cpu') {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  let profile;
  const requests = await runHotPath(async (run) => {
    await session.post('Profiler.start');
    await run();
    ({ profile } = await session.post('Profiler.stop'));
  });
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let busy = 0;
  let mine = 0;
  const byFrame = new Map();
  for (const node of profile.nodes) {
    const t = selfUs.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += t;
    if (!own(node.callFrame.url)) continue;
    mine += t;
    byFrame.set(frameName(node.callFrame), (byFrame.get(frameName(node.callFrame)) ?? 0) + t);
  }
  const top = [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, t]) => `${name} ${((t / busy) * 100).toFixed(2)}%`);
  result = { requests, ownShare: mine / busy, top };
} else {
  await session.post('HeapProfiler.enable');
  let profile;
  const requests = await runHotPath(async (run) => {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await run();
    ({ profile } = await session.post('HeapProfiler.stopSampling'));
  });
  let total = 0;
  let mine = 0;
  const byFrame = new Map();
  const walk = (node) => {
    total += node.selfSize;
    if (node.selfSize > 0 && own(node.callFrame.url)) {
      mine += node.selfSize;
      byFrame.set(frameName(node.callFrame), (byFrame.get(frameName(node.callFrame)) ?? 0) + node.selfSize);
    }
    node.children.forEach(walk);
  };
  walk(profile.head);
  const top = [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, b]) => `${name} ${(b / requests).toFixed(1)} B`);
  result = { requests, bytesPerRequest: total / requests, ownBytesPerRequest: mine / requests, top };
}
session.disconnect();
process.stdout.write(`${JSON.stringify(result)}\n`);
