/**
 * Worker thread entry: builds the requests, runs the closed or open model on the shared
 * window grid, posts each window as plain data, and stops through the normal path.
 * Uncaught errors surface as the Worker's 'error' event in the coordinator (a crash).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { ClosedModel } from './closed-model.js';
import { FlowRunner, requestsAsFlows } from './flow-runner.js';
import type { ModelParts } from './model-parts.js';
import { OpenModel } from './open-model.js';
import { RequestTable } from './request-table.js';
import type { HttpConnection } from './http-connection.js';
import { loadTemplateCompiler } from './templates.js';
import { WorkerCore } from './worker-core.js';

const SAMPLE_EVERY_MS = 100;

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

const rng = xoroshiro128plus((init.target.load.seed + init.workerIndex * 7919) | 0);
const random = (): number => uniformFloat64(rng);
const url = new URL(init.target.url);
const settings = { origin: url.origin, timeoutMs: init.target.timeoutMs, tls: init.target.tls };
const tableOptions = {
  basePath: url.pathname === '/' ? '' : url.pathname,
  headers: init.target.headers,
  timeoutMs: init.target.timeoutMs,
  compile: loadTemplateCompiler(),
  random,
};
// Flows, or requests fed by a data file, run through the FlowRunner; plain requests keep the table.
const flowSpecs =
  init.target.flows ?? (init.target.data === undefined ? undefined : requestsAsFlows(init.target.requests));
const flows =
  flowSpecs === undefined
    ? undefined
    : new FlowRunner(flowSpecs, init.target.data, {
        ...tableOptions,
        workerIndex: init.workerIndex,
        workerCount: init.workerCount,
        onExhausted: (message) => post({ type: 'exhausted', workerIndex: init.workerIndex, message }),
      });
const table = flows === undefined ? new RequestTable(init.target.requests, tableOptions) : undefined;

const core = new WorkerCore(
  {
    post: (window) => post({ type: 'window', workerIndex: init.workerIndex, window }),
    // Called only once windows close, after `model` below is set.
    level: (atMs) => model?.levelAt(atMs) ?? 0,
  },
  init.workerIndex,
  init.workerCount,
  table?.names ?? flows?.names ?? [],
);
const parts: ModelParts = { core, settings, table, flows };
const closed = init.model === 'closed' ? new ClosedModel(parts, init.target.load.think, random) : undefined;
const open =
  init.model === 'open'
    ? new OpenModel(parts, {
        workerIndex: init.workerIndex,
        workerCount: init.workerCount,
        poisson: init.target.load.arrivals === 'poisson',
        maxInFlight: Math.max(1, Math.ceil(init.target.load.maxInFlight / init.workerCount)),
        random,
        arrivalPhase: init.arrivalPhase ?? 0,
      })
    : undefined;
const model: ClosedModel | OpenModel | undefined = closed ?? open;

let sampler: NodeJS.Timeout | undefined;
/** In-flight samples stop at the stop time: draining is not part of the last window's load. */
let sampleUntil = Infinity;

function startRun(t0EpochMs: number): void {
  core.start(t0EpochMs);
  if (init.starve !== undefined) starve(init.starve.busyMs, init.starve.everyMs);
  sampler = setInterval(() => {
    const now = performance.now();
    if (now < core.t0) return;
    for (const slot of slots()) slot.checkTimeout(now, settings.timeoutMs);
    if (now >= sampleUntil) return;
    core.roll(now);
    core.recorder.sampleInFlight(core.inFlight);
  }, SAMPLE_EVERY_MS);
}

/** The test-only starved generator: a busy loop that holds the event loop (WorkerInit.starve). */
function starve(busyMs: number, everyMs: number): void {
  const timer = setInterval(() => {
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // Spin: nothing else runs on this thread meanwhile.
    }
  }, everyMs);
  timer.unref();
}

function slots(): readonly HttpConnection[] {
  return closed?.slots ?? open?.slots ?? [];
}

async function stopRun(atMs: number, drainMs: number): Promise<void> {
  if (!Number.isFinite(core.t0)) {
    // Stopped before the run started (another worker crashed): nothing was sent.
    post({ type: 'done', workerIndex: init.workerIndex });
    return;
  }
  const plannedLocal = core.t0 + atMs;
  const stopLocal = Math.max(plannedLocal, performance.now());
  // Windows end at the planned stop even when this message came late: whatever is recorded
  // from the stop on (in-flight completions, sends in the few ms after it) goes to the drain
  // window, recorded but outside every step.
  core.limitWindows(atMs);
  sampleUntil = stopLocal;
  open?.stopAt(stopLocal);
  // The stop arrives at most one tick before its time: the level is already the last one.
  core.freezeLevel(model?.level ?? 0);
  await sleep(stopLocal - performance.now());
  open?.flush();
  closed?.stop();
  const deadline = stopLocal + drainMs;
  while (core.inFlight > 0 && performance.now() < deadline) await sleep(5);
  if (core.inFlight > 0) core.cancel();
  if (sampler !== undefined) clearInterval(sampler);
  core.finish(performance.now());
  await Promise.allSettled(slots().map((s) => s.client.destroy()));
  post({ type: 'done', workerIndex: init.workerIndex });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      startRun(message.t0EpochMs);
      break;
    case 'level':
      closed?.setUsers(message.users);
      break;
    case 'segments':
      open?.addSegments(message.segments);
      break;
    case 'cut':
      open?.cut();
      break;
    case 'stop':
      stopRun(message.atMs, message.drainMs).catch((error: unknown) => {
        post({
          type: 'fatal',
          workerIndex: init.workerIndex,
          message: error instanceof Error ? error.message : String(error),
        });
      });
      break;
  }
});

post({ type: 'ready', workerIndex: init.workerIndex });
