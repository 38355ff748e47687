import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import {
  freePort,
  startFixedLatencyServer,
  startFlakyServer,
  startResettingServer,
  startSilentServer,
} from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { errorsByKind, hold, sleep, target, total } from './fixtures.js';

const keep = closeAfterEach();

describe('faults are data: each classified under its kind', () => {
  it('connection resets -> socket-reset', async () => {
    const server = keep(await startResettingServer());
    const outcome = await runLoad(hold('closed', 4, 2000), target(server.url), { workers: 1 });
    expect(outcome.status).toBe('completed');
    const errors = errorsByKind(outcome.windows);
    expect(errors['socket-reset']).toBeGreaterThan(10);
    expect(Object.keys(errors)).toEqual(['socket-reset']);
    expect(total(outcome.windows, (w) => w.ok)).toBe(0);
  });

  it('no answer within the timeout -> headers-timeout', async () => {
    const server = keep(await startSilentServer());
    const outcome = await runLoad(hold('closed', 4, 2000), target(server.url, { timeoutMs: 300 }), { workers: 1 });
    const errors = errorsByKind(outcome.windows);
    expect(Object.keys(errors)).toEqual(['headers-timeout']);
    // 4 users, each timing out every ~300 ms for 2 s (+ the drain): about 24-32.
    expect(errors['headers-timeout']).toBeGreaterThanOrEqual(16);
    expect(server.requests()).toBe(errors['headers-timeout']);
  });

  it('unexpected statuses -> http-<code>, with the body text kept as a sample', async () => {
    const server = keep(await startFlakyServer({ errorEvery: 2, status: 503, body: 'timeout acquiring connection' }));
    const outcome = await runLoad(hold('closed', 2, 2000), target(server.url), { workers: 1 });
    const errors = errorsByKind(outcome.windows);
    const ok = total(outcome.windows, (w) => w.ok);
    expect(Object.keys(errors)).toEqual(['http-503']);
    expect(Math.abs(errors['http-503']! - ok)).toBeLessThanOrEqual(2);
    expect(server.requests()).toBe(ok + errors['http-503']!);
    expect(outcome.windows.flatMap((w) => w.errorSamples)).toContain('http-503: timeout acquiring connection');
    expect(total(outcome.windows, (w) => w.status['503'] ?? 0)).toBe(errors['http-503']);
  });

  it('refused connections -> connect-refused, without a busy loop', async () => {
    const port = await freePort();
    const outcome = await runLoad(hold('closed', 2, 1000), target(`http://127.0.0.1:${port}`), { workers: 1 });
    const errors = errorsByKind(outcome.windows);
    expect(Object.keys(errors)).toEqual(['connect-refused']);
    // Back-off of 10 ms after each failure: at most ~100 per user per second.
    expect(errors['connect-refused']).toBeLessThanOrEqual(2 * 110);
    expect(
      outcome.windows
        .flatMap((w) => w.errorSamples)
        .some((s) => s.startsWith('connect-refused: connect ECONNREFUSED 127.0.0.1:')),
    ).toBe(true);
  });

  it('the target killed mid-run: the run completes and the errors are classified', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 5 }));
    const killed = server;
    const run = runLoad(hold('closed', 4, 3000), target(server.url), { workers: 1 });
    await sleep(1500);
    await killed.close();
    const outcome = await run;
    expect(outcome.status).toBe('completed');
    expect(outcome.windows).toHaveLength(3);
    const errors = errorsByKind(outcome.windows);
    expect(total(outcome.windows, (w) => w.ok)).toBeGreaterThan(100);
    expect(errors['connect-refused'] ?? 0).toBeGreaterThan(0);
    for (const kind of Object.keys(errors)) expect(['connect-refused', 'socket-reset']).toContain(kind);
  });
});

describe('ending a run early', () => {
  it('a signal stops within 2 s through the normal path and resolves interrupted', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 10 }));
    const controller = new AbortController();
    let abortedAt = 0;
    const outcome = await runLoad(hold('closed', 8, 30_000), target(server.url), {
      workers: 2,
      signal: controller.signal,
      onWindow: (w) => {
        if (w.index === 1) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const stopMs = performance.now() - abortedAt;
    expect(stopMs).toBeLessThan(5000); // 2 s by design; generous on a shared machine
    expect(outcome.status).toBe('interrupted');
    expect(outcome.phases).toHaveLength(1);
    expect(outcome.phases[0]!.durationMs).toBeLessThan(30_000);
    expect(outcome.windows.length).toBeGreaterThanOrEqual(2);
    expect(server.requests()).toBeGreaterThanOrEqual(total(outcome.windows, (w) => w.ok));
  });

  it('a safety stop aborts with the reason', async () => {
    const server = keep(await startFlakyServer({ errorEvery: 1, status: 500 }));
    const outcome = await runLoad(hold('closed', 2, 20_000), target(server.url), {
      workers: 1,
      stopRule: { errorRate: 0.5, windowMs: 2000, minRequests: 10 },
    });
    expect(outcome.status).toBe('aborted');
    expect(outcome.abortReason).toMatch(/^safety stop: error rate 100% over the last 2 s/);
    expect(outcome.windows.length).toBeLessThan(6);
  });

  it('a crashing worker ends the run through the normal path, aborted, naming the worker', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 5 }));
    const outcome = await runLoad(hold('closed', 4, 20_000), target(server.url), {
      workers: 2,
      workerUrl: new URL('./crashing-worker.mjs', import.meta.url),
    });
    expect(outcome.status).toBe('aborted');
    expect(outcome.abortReason).toMatch(/^worker \d crashed: boom$/);
    expect(outcome.endedAtMs - outcome.startedAtMs).toBeLessThan(10_000);
  });
});
