import { describe, expect, it } from 'vitest';
import { isPoolRejection } from '../../src/target/backend.js';
import { ConnectionPool, createMemoryBackend } from '../../src/target/memory-pool.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('ConnectionPool', () => {
  it('hands out P slots at once, then queues', async () => {
    const pool = new ConnectionPool({ size: 3, acquireTimeoutMs: undefined, failFast: false });
    const got: number[] = [];
    for (let i = 0; i < 5; i++) void pool.acquire().then(() => got.push(i));
    await sleep(0);
    expect(got).toEqual([0, 1, 2]);
    expect(pool.inUse()).toBe(3);
    expect(pool.waiting()).toBe(2);
  });

  it('serves waiters in FIFO order as slots are released', async () => {
    const pool = new ConnectionPool({ size: 1, acquireTimeoutMs: undefined, failFast: false });
    const order: number[] = [];
    await pool.acquire();
    const waiters = [1, 2, 3, 4].map((i) => pool.acquire().then(() => order.push(i)));
    for (let i = 0; i < 4; i++) {
      pool.release();
      await sleep(0);
    }
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(pool.inUse()).toBe(1);
    pool.release();
    expect(pool.inUse()).toBe(0);
  });

  it('rejects a waiter after the acquire timeout and skips it on release', async () => {
    const pool = new ConnectionPool({ size: 1, acquireTimeoutMs: 20, failFast: false });
    await pool.acquire();
    const timedOut = await pool.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPoolRejection(timedOut) && timedOut.reason).toBe('acquire-timeout');
    expect(isPoolRejection(timedOut) && timedOut.message).toBe('timeout acquiring connection');
    expect(isPoolRejection(timedOut) && timedOut.waitMs).toBeGreaterThanOrEqual(15);
    expect(pool.waiting()).toBe(0);
    // The slot goes back to the pool, not to the expired waiter.
    pool.release();
    expect(pool.inUse()).toBe(0);
  });

  it('fails fast when full instead of queueing', async () => {
    const pool = new ConnectionPool({ size: 2, acquireTimeoutMs: undefined, failFast: true });
    await pool.acquire();
    await pool.acquire();
    const third = await pool.acquire().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPoolRejection(third) && third.reason).toBe('fail-fast');
    expect(pool.waiting()).toBe(0);
  });

  it('rejects every waiter on shutdown', async () => {
    const pool = new ConnectionPool({ size: 1, acquireTimeoutMs: undefined, failFast: false });
    await pool.acquire();
    const waiters = [pool.acquire(), pool.acquire()].map((p) =>
      p.then(
        () => 'served',
        (e: unknown) => (isPoolRejection(e) ? e.reason : 'other'),
      ),
    );
    pool.rejectAll();
    expect(await Promise.all(waiters)).toEqual(['shutting-down', 'shutting-down']);
    expect(pool.waiting()).toBe(0);
  });

  it('keeps FIFO order across many timed-out waiters (lazy removal and compaction)', async () => {
    const pool = new ConnectionPool({ size: 1, acquireTimeoutMs: 5, failFast: false });
    await pool.acquire();
    const expired = Array.from({ length: 2000 }, () => pool.acquire().catch(() => 'expired'));
    expect(await Promise.all(expired)).toEqual(Array(2000).fill('expired'));
    const slow = new ConnectionPool({ size: 1, acquireTimeoutMs: undefined, failFast: false });
    await slow.acquire();
    const order: number[] = [];
    const live = [0, 1, 2].map((i) => slow.acquire().then(() => order.push(i)));
    slow.release();
    slow.release();
    slow.release();
    await Promise.all(live);
    expect(order).toEqual([0, 1, 2]);
    pool.release();
    expect(pool.inUse()).toBe(0);
  });
});

describe('createMemoryBackend', () => {
  it('holds a slot for about holdMs and reports the wait', async () => {
    const backend = createMemoryBackend({ size: 1, acquireTimeoutMs: undefined, failFast: false });
    const [a, b] = await Promise.all([backend.serve(30), backend.serve(30)]);
    expect(a!.holdMs).toBeGreaterThanOrEqual(25);
    expect(a!.waitMs).toBe(0);
    // The second waited for the first one's hold.
    expect(b!.waitMs).toBeGreaterThanOrEqual(25);
    expect(backend.inUse()).toBe(0);
    await backend.close();
    expect(backend.isReady()).toBe(false);
  });
});
