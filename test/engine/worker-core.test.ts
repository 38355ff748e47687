/**
 * The worker's window grid at the stop: the window holding the stop is cut there, and what is
 * recorded from the stop on goes to one drain window (index = last + 1), flagged `drain`.
 * Times are synthetic values on the worker's performance.now() scale (no clock is read).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import { WorkerCore } from '../../src/engine/worker-core.js';

/** Local time of t0 on this thread's performance.now() scale. */
const T0 = 1000;

function core(): { core: WorkerCore; posted: WindowSnapshot[] } {
  const posted: WindowSnapshot[] = [];
  const c = new WorkerCore({ post: (w) => posted.push(w), level: () => 4 });
  c.start(performance.timeOrigin + T0);
  return { core: c, posted };
}

/** One ok response finishing `atMs` after t0 (sent 10 ms earlier). */
function ok(c: WorkerCore, atMs: number): void {
  c.inFlight++;
  c.recordResponse(T0 + atMs - 10, 200, true, 2, T0 + atMs);
}

const shape = (ws: readonly WindowSnapshot[]) =>
  ws.map((w) => ({ index: w.index, ok: w.ok, durationMs: w.durationMs, drain: w.drain === true }));

describe('WorkerCore at the stop', () => {
  it('cuts the window at a mid-window stop and puts later completions in a drain window', () => {
    const { core: c, posted } = core();
    ok(c, 500);
    ok(c, 1500);
    ok(c, 2400);
    c.limitWindows(2500);
    ok(c, 2600);
    ok(c, 2700);
    c.finish(T0 + 2800);
    expect(shape(posted)).toEqual([
      { index: 0, ok: 1, durationMs: 1000, drain: false },
      { index: 1, ok: 1, durationMs: 1000, drain: false },
      { index: 2, ok: 1, durationMs: 500, drain: false },
      { index: 3, ok: 2, durationMs: 300, drain: true },
    ]);
    // The drain's quarters count from the stop.
    expect(posted[3]!.quarterOk).toEqual([2, 0, 0, 0]);
  });

  it('a stop on a window boundary: the last window is whole, the drain follows', () => {
    const { core: c, posted } = core();
    ok(c, 1999);
    c.limitWindows(2000);
    ok(c, 2000);
    c.finish(T0 + 2050);
    expect(shape(posted)).toEqual([
      { index: 0, ok: 0, durationMs: 1000, drain: false },
      { index: 1, ok: 1, durationMs: 1000, drain: false },
      { index: 2, ok: 1, durationMs: 50, drain: true },
    ]);
  });

  it('emits no drain window when nothing happened after the stop', () => {
    const { core: c, posted } = core();
    ok(c, 300);
    c.limitWindows(1400);
    c.finish(T0 + 1500);
    expect(shape(posted)).toEqual([
      { index: 0, ok: 1, durationMs: 1000, drain: false },
      { index: 1, ok: 0, durationMs: 400, drain: false },
    ]);
  });

  it('a late stop message: the window already opened after the stop becomes the drain', () => {
    const { core: c, posted } = core();
    ok(c, 1900);
    ok(c, 2010); // window 2 is open before the worker learns the run stopped at 1990
    c.limitWindows(1990);
    ok(c, 2030);
    c.finish(T0 + 2100);
    expect(shape(posted)).toEqual([
      { index: 0, ok: 0, durationMs: 1000, drain: false },
      { index: 1, ok: 1, durationMs: 1000, drain: false },
      { index: 2, ok: 2, durationMs: 100, drain: true },
    ]);
  });

  it('is draining from the first roll at or after the planned stop (the closed model sends nothing then)', () => {
    const { core: c } = core();
    c.roll(T0 + 2500);
    expect(c.draining).toBe(false); // no stop planned yet
    c.limitWindows(3000);
    c.roll(T0 + 2999);
    expect(c.draining).toBe(false);
    c.roll(T0 + 3000);
    expect(c.draining).toBe(true);
  });
});
