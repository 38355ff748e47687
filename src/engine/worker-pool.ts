/**
 * Starts the worker threads, routes their messages, and turns a thread that throws or exits
 * without saying 'done' into one `onCrash` call naming the worker and the error.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** min(cores - 1, 4), at least 1 (DESIGN.md §5). */
export function defaultWorkerCount(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, 4));
}

/**
 * The compiled worker entry. Under vitest this module is TypeScript source and workers cannot
 * load .ts, so it points at the build output (`npm run build` runs before the tests).
 */
export function defaultWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return moduleUrl.endsWith('.ts')
    ? new URL('../../dist/engine/worker.js', moduleUrl)
    : new URL('./worker.js', moduleUrl);
}

export type PoolEvents = {
  onMessage: (message: FromWorker) => void;
  onCrash: (workerIndex: number, message: string) => void;
};

export class WorkerPool {
  readonly #workers: Worker[] = [];
  readonly #finished = new Set<number>();
  readonly #ready: Promise<void>;

  constructor(count: number, init: Omit<WorkerInit, 'workerIndex' | 'workerCount'>, url: URL, events: PoolEvents) {
    let readyCount = 0;
    let resolveReady: () => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    this.#ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    for (let i = 0; i < count; i++) {
      const workerData: WorkerInit = { ...init, workerIndex: i, workerCount: count };
      const worker = new Worker(url, { workerData });
      const crash = (message: string): void => {
        if (this.#finished.has(i)) return;
        this.#finished.add(i);
        rejectReady(new Error(`worker ${i} crashed: ${message}`));
        events.onCrash(i, message);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready' && ++readyCount === count) resolveReady();
        if (message.type === 'done') this.#finished.add(i);
        if (message.type === 'fatal') crash(message.message);
        events.onMessage(message);
      });
      worker.on('error', (error: Error) => crash(error.message));
      worker.on('exit', (code) => crash(`exited with code ${code} before the run ended`));
      this.#workers.push(worker);
    }
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Resolves when every worker has built its requests; rejects if one crashes first. */
  ready(): Promise<void> {
    return this.#ready;
  }

  send(workerIndex: number, message: ToWorker): void {
    if (!this.#finished.has(workerIndex)) this.#workers[workerIndex]?.postMessage(message);
  }

  broadcast(message: ToWorker): void {
    for (let i = 0; i < this.#workers.length; i++) this.send(i, message);
  }

  /** Ends every thread (after 'done', or to give up on a stuck one). */
  async terminate(): Promise<void> {
    for (let i = 0; i < this.#workers.length; i++) this.#finished.add(i);
    await Promise.allSettled(this.#workers.map((w) => w.terminate()));
  }
}
