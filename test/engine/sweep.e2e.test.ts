import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { defaultRefine, plateauIndex, summarizeSweepStep } from '../../src/engine/sweep.js';
import type { Schedule } from '../../src/scenario/types.js';
import { startPoolLimitedServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { sweep, target, total } from './fixtures.js';

const keep = closeAfterEach();

/** A geometric sweep 1..64 (probe first), 1 s warm-up + 1 s hold per level, as buildSchedule builds it. */
function geometricSweep(refine: number, stopAfterKnee: boolean): Schedule {
  return sweep('closed', [1, 2, 4, 8, 16, 32, 64], { refine, stopAfterKnee, holdMs: 1000, warmupMs: 1000 });
}

describe('sweeps', () => {
  it('stops two levels past the knee and refines inside its bracket', async () => {
    // Pool of 2, 20 ms: goodput rises to 2 users (100 req/s), then stays flat.
    const server = keep(await startPoolLimitedServer({ poolSize: 2, serviceMs: 20 }));
    const outcome = await runLoad(geometricSweep(2, true), target(server.url), { workers: 1 });
    expect(outcome.status).toBe('completed');
    const coarse = outcome.phases.filter((p) => p.kind !== 'refine');
    const steps = coarse.map((p) => summarizeSweepStep(p, outcome.windows));
    // The run's own steps show where goodput stopped rising; the sweep ended two levels later.
    const plateau = plateauIndex(steps);
    expect(plateau).toBeDefined();
    expect(plateau!).toBeLessThanOrEqual(3);
    expect(coarse).toHaveLength(plateau! + 3);
    expect(coarse.map((p) => p.label)).not.toContain('c=64');
    const refined = outcome.phases.filter((p) => p.kind === 'refine');
    expect(refined.map((p) => p.toLevel)).toEqual(defaultRefine(steps, 2));
    expect(refined.length).toBeGreaterThan(0);
    for (const p of refined) expect(p.startMs % 1000).toBe(0);
    // Every window belongs to a phase that ran, and the refinement levels carried load.
    const ran = new Set(outcome.phases.map((p) => p.index));
    for (const w of outcome.windows) expect(ran.has(w.phaseIndex)).toBe(true);
    const last = refined[refined.length - 1]!;
    // Its measured windows; the drain after the planned end is attached to it but marked.
    const lastWindows = outcome.windows.filter((w) => w.phaseIndex === last.index && w.drain !== true);
    expect(lastWindows.length).toBe(2);
    expect(outcome.windows.filter((w) => w.drain === true).every((w) => w.phaseIndex === last.index)).toBe(true);
    expect(lastWindows[1]!.level).toBe(last.toLevel);
    expect(server.requests()).toBeGreaterThanOrEqual(total(outcome.windows, (w) => w.ok));
  });

  it('accepts an injected refinement rule', async () => {
    const server = keep(await startPoolLimitedServer({ poolSize: 4, serviceMs: 20 }));
    const seen: number[][] = [];
    const schedule = geometricSweep(1, false);
    const outcome = await runLoad(
      { ...schedule, phases: schedule.phases.slice(0, 3), totalMs: 6000 },
      target(server.url),
      {
        workers: 1,
        refine: (steps, count) => {
          seen.push(steps.map((s) => s.level));
          return count === 1 ? [3] : [];
        },
      },
    );
    expect(seen).toEqual([[1, 2, 4]]);
    expect(outcome.phases.map((p) => p.label)).toEqual(['probe', 'c=2', 'c=4', 'c=3']);
  });
});
