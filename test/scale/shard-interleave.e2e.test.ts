/**
 * Issue #11 2.5: open-model shards interleave their constant arrivals into the single
 * process's schedule instead of sending n at once, and split maxInFlight between them.
 * Three real coordinators (one worker thread each), started at one wall-clock instant,
 * against one real server that stamps each arrival.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { shardArrivalPhase, shardLoad, shardShare } from '../../src/scale/shard.js';
import { startTimestampServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { hold, request, target } from '../engine/fixtures.js';

const keep = closeAfterEach();

type Spacing = { median: number; together: number; roundRobin: number };

/** Gaps between consecutive arrivals in the middle second of a 3 s run (start-up and stop left out). */
function spacing(arrivals: readonly { atMs: number; path: string }[]): Spacing {
  const t0 = arrivals[0]?.atMs ?? 0;
  const mid = arrivals.filter((a) => a.atMs > t0 + 1000 && a.atMs < t0 + 2000);
  const gaps = mid
    .slice(1)
    .map((a, i) => a.atMs - mid[i]!.atMs)
    .sort((a, b) => a - b);
  const shard = (a: { path: string }): number => Number(a.path.slice(2));
  const next = mid.slice(1).filter((a, i) => shard(a) === (shard(mid[i]!) + 1) % 3).length;
  return {
    median: gaps[Math.floor(gaps.length / 2)] ?? 0,
    together: gaps.filter((g) => g < 0.8).length / Math.max(1, gaps.length),
    roundRobin: next / Math.max(1, mid.length - 1),
  };
}

/** 300/s for 3 s: one process with 3 worker threads (the control), or 3 shards of one thread started at one instant. */
async function arrivals(shards: number): Promise<{ atMs: number; path: string }[]> {
  const stamps = keep(await startTimestampServer());
  const startAtMs = Date.now() + 800;
  const outcomes = await Promise.all(
    Array.from({ length: shards }, (_, index) => {
      const shard = { index, count: shards };
      return runLoad(hold('open', 300, 3000), target(stamps.url, { requests: [request({ path: `/s${index}` })] }), {
        workers: 3 / shards,
        startAtMs,
        share: shardShare('open', shard),
        arrivalPhase: shardArrivalPhase(index, shards),
      });
    }),
  );
  for (const o of outcomes) expect(o.status).toBe('completed');
  expect(stamps.arrivals.length).toBeGreaterThanOrEqual(880);
  await stamps.close();
  return stamps.arrivals;
}

describe('sharded open model', () => {
  it('3 shards at 300/s in total send one request every ~3.3 ms between them, not 3 at once', async (ctx) => {
    // Judged against one process sending 300/s from as many threads on the same machine at the
    // same time: a CPU starved by other work batches the server's reads for both alike. Bursts
    // of 3 give a median gap ≈ 0 and two gaps in three under 1 ms; interleaved shards look like
    // one process. When even the control comes in batches (3 attempts), the wire cannot be
    // timed on this machine now: the test is skipped, saying so (the schedule itself is
    // checked exactly in test/scale/shard.test.ts).
    let last: { control: Spacing; sharded: Spacing } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const control = spacing(await arrivals(1));
      const sharded = spacing(await arrivals(3));
      last = { control, sharded };
      if (control.median < 2.3) continue;
      expect(sharded.median, JSON.stringify(last)).toBeGreaterThan(0.7 * control.median);
      expect(sharded.median, JSON.stringify(last)).toBeLessThan(4.4);
      expect(sharded.together, JSON.stringify(last)).toBeLessThan(control.together + 0.15);
      expect(sharded.roundRobin, JSON.stringify(last)).toBeGreaterThan(0.7);
      return;
    }
    console.warn(`skipped: the machine batched even one process's arrivals in 3 attempts: ${JSON.stringify(last)}`);
    ctx.skip();
  });

  it('splits maxInFlight between the shards (rounded up) and gives each its own seed', () => {
    const load = { seed: 7, maxInFlight: 100, arrivals: 'constant' as const };
    const shares = [0, 1, 2].map((index) => shardLoad(load, { index, count: 3 }));
    expect(shares.map((l) => l.maxInFlight)).toEqual([34, 34, 34]);
    expect(new Set(shares.map((l) => l.seed)).size).toBe(3);
    expect(shardLoad({ seed: 1, maxInFlight: 2 }, { index: 4, count: 5 }).maxInFlight).toBe(1);
    expect(shardArrivalPhase(2, 3)).toBeCloseTo(2 / 3, 12);
  });
});
