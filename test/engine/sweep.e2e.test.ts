import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import type { Phase, Schedule } from '../../src/scenario/types.js';
import { startPoolLimitedServer, type TestServer } from '../helpers/servers.js';
import { target, total } from './fixtures.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A geometric sweep 1..32 (probe first), 1 s warm-up + 1 s hold per level, as planSchedule builds it. */
function sweep(refine: number, stopAfterKnee: boolean): Schedule {
  const levels = [1, 2, 4, 8, 16, 32];
  const phases: Phase[] = levels.map((level, index) => ({
    index, kind: index === 0 ? 'probe' : 'level', label: index === 0 ? 'probe' : `c=${level}`,
    startMs: index * 2000, durationMs: 2000, warmupMs: 1000, fromLevel: level, toLevel: level,
  }));
  return { model: 'closed', phases, totalMs: 12_000, peakLevel: 32, sweep: { refine, stopAfterKnee, holdMs: 1000, warmupMs: 1000 } };
}

describe('sweeps', () => {
  it('stops two levels past the knee and refines inside its bracket', async () => {
    // Pool of 4, 20 ms: goodput rises to 4 users (200 req/s), then stays flat.
    server = await startPoolLimitedServer({ poolSize: 4, serviceMs: 20 });
    const outcome = await runLoad(sweep(2, true), target(server.url), { workers: 1 });
    expect(outcome.status).toBe('completed');
    const labels = outcome.phases.map((p) => p.label);
    expect(labels.slice(0, 5)).toEqual(['probe', 'c=2', 'c=4', 'c=8', 'c=16']);
    expect(labels).not.toContain('c=32');
    const refined = outcome.phases.filter((p) => p.kind === 'refine');
    expect(refined.map((p) => p.toLevel)).toEqual([5, 7]);
    for (const p of refined) expect(p.startMs % 1000).toBe(0);
    // Every window belongs to a phase that ran, and the refinement levels carried load.
    const ran = new Set(outcome.phases.map((p) => p.index));
    for (const w of outcome.windows) expect(ran.has(w.phaseIndex)).toBe(true);
    const last = outcome.windows.filter((w) => w.phaseIndex === refined[1]!.index);
    expect(last.length).toBe(2);
    expect(last[1]!.level).toBe(7);
    expect(server.requests()).toBeGreaterThanOrEqual(total(outcome.windows, (w) => w.ok));
  });

  it('accepts an injected refinement rule', async () => {
    server = await startPoolLimitedServer({ poolSize: 4, serviceMs: 20 });
    const seen: number[][] = [];
    const schedule = sweep(1, false);
    const outcome = await runLoad({ ...schedule, phases: schedule.phases.slice(0, 3), totalMs: 6000 }, target(server.url), {
      workers: 1,
      refine: (steps, count) => {
        seen.push(steps.map((s) => s.level));
        return count === 1 ? [3] : [];
      },
    });
    expect(seen).toEqual([[1, 2, 4]]);
    expect(outcome.phases.map((p) => p.label)).toEqual(['probe', 'c=2', 'c=4', 'c=3']);
  });
});
