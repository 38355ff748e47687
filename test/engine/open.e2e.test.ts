import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { mergeEncoded } from '../../src/metrics/histogram.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import { buildWindowsAndSteps } from '../../src/record/build.js';
import { startFixedLatencyServer, startPoolLimitedServer, startStallServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { hold, target, total } from './fixtures.js';

const keep = closeAfterEach();

describe('open model (real server, real workers)', () => {
  it('sends 500 req/s for 10 s on schedule: 5000 intended, sent within 0.5 %, server got them all', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 1 }));
    const outcome = await runLoad(hold('open', 500, 10_000), target(server.url), { workers: 2 });
    expect(outcome.status).toBe('completed');
    const intended = total(outcome.windows, (w) => w.intended);
    const sent = total(outcome.windows, (w) => w.sent);
    const dropped = total(outcome.windows, (w) => w.dropped);
    expect(intended).toBe(5000);
    expect(sent + dropped).toBe(intended);
    expect(Math.abs(sent - 5000)).toBeLessThanOrEqual(25);
    expect(server.requests(), 'requests the server received').toBe(sent);
    expect(
      total(outcome.windows, (w) => w.ok + w.errorCount),
      'completed + errored',
    ).toBe(sent);
    // Evenly spread: each window holds the 500 arrivals intended in it (a few may land in the
    // next window when a busy machine delays the worker across a boundary).
    // The drain window after the planned end (completions only) is not one of them.
    const measured = outcome.windows.filter((w) => w.drain !== true);
    expect(measured.map((w) => w.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const w of measured)
      expect(Math.abs(w.intended - 500), `window ${w.index}: ${w.intended} intended`).toBeLessThanOrEqual(25);
    for (const w of outcome.windows.filter((x) => x.drain === true)) expect(w.intended + w.sent).toBe(0);
  });

  it('against a server slower than the rate: latency from the intended time grows, drops are counted', async () => {
    // Capacity 2 * 1000 / 20 = 100 req/s, offered 200 req/s; the in-flight cap is 60.
    const server = keep(await startPoolLimitedServer({ poolSize: 2, serviceMs: 20 }));
    const outcome = await runLoad(hold('open', 200, 4000), target(server.url, { maxInFlight: 60 }), { workers: 1 });
    const intended = total(outcome.windows, (w) => w.intended);
    const sent = total(outcome.windows, (w) => w.sent);
    const dropped = total(outcome.windows, (w) => w.dropped);
    expect(intended).toBe(800);
    expect(sent + dropped).toBe(intended);
    expect(dropped).toBeGreaterThan(100);
    expect(total(outcome.windows, (w) => w.late)).toBeGreaterThanOrEqual(0);
    const p50s = outcome.windows.map((w) => summarizeEncoded(w.hdr).p50);
    expect(p50s[0]!).toBeLessThan(p50s[1]!);
    // Queueing at the server: ~60 waiting at 100/s is ~600 ms, far above the 20 ms service time.
    expect(p50s[2]!).toBeGreaterThan(300);
    const { steps } = buildWindowsAndSteps(outcome, 'open');
    expect(steps[0]!.dropped).toBe(dropped);
  });

  it('measures from the intended time through a stall (ANALYSIS.md §6 T9)', async () => {
    const server = keep(await startStallServer({ serviceMs: 1, stallMs: 500, everyMs: 5000 }));
    const outcome = await runLoad(hold('open', 200, 20_000), target(server.url), { workers: 1 });
    const recorded = total(outcome.windows, (w) => w.ok);
    expect(Math.abs(recorded - 4000)).toBeLessThanOrEqual(40);
    const summary = summarizeEncoded(mergeEncoded(outcome.windows.map((w) => w.hdr)));
    expect(summary.count).toBe(recorded);
    expect(summary.p99).toBeGreaterThanOrEqual(400);
    expect(summary.p99).toBeLessThanOrEqual(520);
    expect(summary.p50).toBeLessThan(10);
    expect(summary.p999).toBeGreaterThanOrEqual(450);
  });
});
