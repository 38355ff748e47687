import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { startFixedLatencyServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { hold, stages, target, total } from './fixtures.js';

const keep = closeAfterEach();

describe('closed model (real server, real workers)', () => {
  it('keeps N=16 in flight against a 20 ms server and accounts for every request', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 20 }));
    const outcome = await runLoad(hold('closed', 16, 5000), target(server.url), { workers: 2 });
    expect(outcome.status).toBe('completed');
    // Five measured windows, then the drain (the 16 requests in flight at the end).
    const measured = outcome.windows.filter((w) => w.drain !== true);
    expect(measured.map((w) => w.index)).toEqual([0, 1, 2, 3, 4]);
    expect(outcome.windows.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(outcome.windows[5]!.drain).toBe(true);
    // The drain holds the requests in flight at the stop (one per user) plus those sent after it, which
    // only a stop message that reached a worker late allows (counted as the drain's `sent`).
    const drain = outcome.windows[5]!;
    expect(drain.ok + drain.errorCount).toBeLessThanOrEqual(16 + drain.sent);
    const samplesMs = total(measured, (w) => w.durationMs);
    const inFlightMean = total(measured, (w) => w.inFlightMean * w.durationMs) / samplesMs;
    expect(Math.abs(inFlightMean - 16) / 16).toBeLessThanOrEqual(0.03);
    const completed = total(outcome.windows, (w) => w.ok);
    const errored = total(outcome.windows, (w) => w.errorCount);
    expect(completed).toBeGreaterThan(1000);
    expect(errored).toBe(0);
    // The server's own count equals capplan's completed + errored, exactly.
    expect(server.requests()).toBe(completed + errored);
    expect(total(outcome.windows, (w) => w.sent)).toBe(completed + errored);
    for (const w of outcome.windows) expect(w.level).toBe(16);
  });

  it('a stop tick held up past the end: the last windows keep level 16, the drain adds up', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 20 }));
    // This thread (the coordinator's) stalls 200 ms across the planned end at 2 s, so its stop tick comes late.
    const stall = (): void => {
      const until = performance.now() + 200;
      while (performance.now() < until) {
        // Busy: no timer of this thread runs meanwhile.
      }
    };
    const outcome = await runLoad(hold('closed', 16, 2000), target(server.url), {
      workers: 2,
      onWindow: (w) => void (w.index === 0 && setTimeout(stall, 880)),
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.windows.map((w) => [w.index, w.drain === true])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    // Past the end the plan's level is 0: a late tick used to hand it to the workers, which reported it.
    for (const w of outcome.windows) expect(w.level).toBe(16);
    const drain = outcome.windows[2]!;
    expect(drain.ok + drain.errorCount).toBeLessThanOrEqual(16 + drain.sent);
    expect(server.requests()).toBe(total(outcome.windows, (w) => w.ok + w.errorCount));
    expect(total(outcome.windows, (w) => w.sent)).toBe(server.requests());
  });

  it('ramps 10 -> 150 over 5 s: levels rise monotonically and stages land on the plan', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 200 }));
    const schedule = stages('closed', [
      ['base', 2000, 10, 10],
      ['ramp', 5000, 10, 150],
      ['peak', 2000, 150, 150],
    ]);
    const outcome = await runLoad(schedule, target(server.url), { workers: 2 });
    expect(outcome.status).toBe('completed');
    const levels = outcome.windows.map((w) => w.level);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeGreaterThanOrEqual(levels[i - 1]!);
    expect(levels[0]).toBe(10);
    expect(levels[levels.length - 1]).toBe(150);
    // Each window's level (reported by the workers at its end) is the planned level there.
    for (const w of outcome.windows) {
      const endMs = w.tMs + w.durationMs;
      const planned = endMs <= 2000 ? 10 : endMs >= 7000 ? 150 : 10 + (140 * (endMs - 2000)) / 5000;
      expect(Math.abs(w.level - planned)).toBeLessThanOrEqual(Math.max(3, planned * 0.05));
    }
    // Stage boundaries: the in-flight load changes within one window of the plan.
    const firstRampLoad = outcome.windows.findIndex((w) => w.inFlightMax > 12);
    expect(Math.abs(firstRampLoad - 2)).toBeLessThanOrEqual(1);
    const firstPeak = outcome.windows.findIndex((w) => w.inFlightMean > 145);
    expect(Math.abs(firstPeak - 7)).toBeLessThanOrEqual(1);
    expect(outcome.windows.map((w) => w.phaseIndex)).toEqual([0, 0, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(outcome.windows.map((w) => w.drain === true)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(server.requests()).toBe(total(outcome.windows, (w) => w.ok + w.errorCount));
  });
});
