/**
 * The memory backend: P slots, a FIFO queue of waiters, an optional acquire timeout and an
 * optional fail-fast mode. A slot is "held" with a timer, which makes the service time
 * exactly `holdMs` and the capacity exactly P * 1000 / holdMs requests per second: a target
 * whose knee is known by construction.
 */
import { performance } from 'node:perf_hooks';
import { ACQUIRE_TIMEOUT_MESSAGE, rejection } from './backend.js';
import type { PoolBackend, PoolRejection, ServeTiming } from './backend.js';

export type MemoryPoolOptions = {
  size: number;
  /** Waiting longer than this rejects with 503; undefined waits forever. */
  acquireTimeoutMs: number | undefined;
  /** Reject at once when all slots are held, instead of queueing. */
  failFast: boolean;
};

type Waiter = {
  enqueuedAtMs: number;
  resolve: (waitMs: number) => void;
  reject: (rejection: PoolRejection) => void;
  timer: NodeJS.Timeout | undefined;
  /** Settled by timeout or shutdown: skipped when a slot frees up. */
  done: boolean;
};

const FAIL_FAST_MESSAGE = 'pool exhausted (fail-fast)';
const SHUTDOWN_MESSAGE = 'shutting down';

/** A bounded pool of slots with FIFO hand-off: a released slot goes to the oldest live waiter. */
export class ConnectionPool {
  readonly size: number;
  #inUse = 0;
  #waiting = 0;
  #queue: Waiter[] = [];
  #head = 0;
  readonly #acquireTimeoutMs: number | undefined;
  readonly #failFast: boolean;

  constructor(options: MemoryPoolOptions) {
    this.size = options.size;
    this.#acquireTimeoutMs = options.acquireTimeoutMs;
    this.#failFast = options.failFast;
  }

  inUse(): number {
    return this.#inUse;
  }

  waiting(): number {
    return this.#waiting;
  }

  /** Resolves with the time waited (ms) once a slot is held; rejects with a PoolRejection. */
  acquire(): Promise<number> {
    if (this.#inUse < this.size && this.#waiting === 0) {
      this.#inUse++;
      return Promise.resolve(0);
    }
    if (this.#failFast) return Promise.reject(rejection('fail-fast', FAIL_FAST_MESSAGE, 0));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { enqueuedAtMs: performance.now(), resolve, reject, timer: undefined, done: false };
      if (this.#acquireTimeoutMs !== undefined) {
        waiter.timer = setTimeout(() => this.#expire(waiter), this.#acquireTimeoutMs);
      }
      this.#queue.push(waiter);
      this.#waiting++;
    });
  }

  /** Returns a slot: hands it to the oldest waiter still waiting, or frees it. */
  release(): void {
    const next = this.#shift();
    if (next === undefined) {
      this.#inUse--;
      return;
    }
    // The slot passes straight to the waiter: #inUse does not change.
    next.done = true;
    this.#waiting--;
    if (next.timer !== undefined) clearTimeout(next.timer);
    next.resolve(performance.now() - next.enqueuedAtMs);
  }

  /** Rejects every waiter (shutdown). Held slots are released by their holders. */
  rejectAll(): void {
    for (let w = this.#shift(); w !== undefined; w = this.#shift()) {
      w.done = true;
      this.#waiting--;
      if (w.timer !== undefined) clearTimeout(w.timer);
      w.reject(rejection('shutting-down', SHUTDOWN_MESSAGE, performance.now() - w.enqueuedAtMs));
    }
  }

  #expire(waiter: Waiter): void {
    if (waiter.done) return;
    waiter.done = true;
    this.#waiting--;
    // Left in the queue and skipped lazily by #shift: removing from the middle is O(n).
    waiter.reject(rejection('acquire-timeout', ACQUIRE_TIMEOUT_MESSAGE, performance.now() - waiter.enqueuedAtMs));
  }

  #shift(): Waiter | undefined {
    while (this.#head < this.#queue.length) {
      const w = this.#queue[this.#head];
      this.#queue[this.#head] = undefined as unknown as Waiter;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (w !== undefined && !w.done) return w;
    }
    return undefined;
  }
}

/** The memory backend: holds a slot for `holdMs` with a timer. */
export function createMemoryBackend(options: MemoryPoolOptions): PoolBackend {
  const pool = new ConnectionPool(options);
  const holds = new Set<NodeJS.Timeout>();
  let closed = false;

  const serve = async (holdMs: number): Promise<ServeTiming> => {
    if (closed) throw rejection('shutting-down', SHUTDOWN_MESSAGE, 0);
    const waitMs = await pool.acquire();
    const heldAtMs = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        holds.delete(timer);
        resolve();
      }, holdMs);
      holds.add(timer);
    });
    pool.release();
    return { waitMs, holdMs: performance.now() - heldAtMs };
  };

  return {
    size: pool.size,
    inUse: () => pool.inUse(),
    waiting: () => pool.waiting(),
    serve,
    isReady: () => !closed,
    ready: () => Promise.resolve(),
    close: () => {
      closed = true;
      pool.rejectAll();
      // Called after the shutdown grace: requests still holding a slot have lost their sockets.
      for (const timer of holds) clearTimeout(timer);
      holds.clear();
      return Promise.resolve();
    },
  };
}
