import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/engine/timeline.js';
import type { Phase } from '../../src/scenario/types.js';

const phases: Phase[] = [
  { index: 0, kind: 'stage', label: 'warm', startMs: 0, durationMs: 2000, warmupMs: 0, fromLevel: 10, toLevel: 10 },
  { index: 1, kind: 'stage', label: 'ramp', startMs: 2000, durationMs: 5000, warmupMs: 0, fromLevel: 10, toLevel: 150 },
  {
    index: 2,
    kind: 'stage',
    label: 'spike',
    startMs: 7000,
    durationMs: 3000,
    warmupMs: 0,
    fromLevel: 150,
    toLevel: 150,
  },
];

describe('Timeline', () => {
  it('gives the planned level at any time, 0 after the end', () => {
    const t = new Timeline(phases, 'closed');
    expect(t.levelAt(500)).toBe(10);
    expect(t.levelAt(4500)).toBe(80);
    expect(t.levelAt(8000)).toBe(150);
    expect(t.levelAt(10_000)).toBe(0);
    expect(t.endMs).toBe(10_000);
    expect(t.nextBoundaryMs(2500)).toBe(7000);
  });

  it('cuts the run at a time: later phases go, the running one is shortened', () => {
    const t = new Timeline(phases, 'closed');
    t.cutAt(4500);
    expect(t.phases.map((p) => p.index)).toEqual([0, 1]);
    expect(t.phases[1]).toMatchObject({ durationMs: 2500, fromLevel: 10, toLevel: 80 });
    expect(phases[1]!.durationMs).toBe(5000); // the caller's schedule is untouched
  });

  it('appends refinement levels back to back, shaped like the last level', () => {
    const sweep: Phase[] = [
      {
        index: 0,
        kind: 'level',
        label: 'c=16',
        startMs: 0,
        durationMs: 4000,
        warmupMs: 1000,
        fromLevel: 16,
        toLevel: 16,
      },
    ];
    const t = new Timeline(sweep, 'closed');
    t.appendRefinement([20, 24], 5000, sweep[0]!);
    expect(t.phases.slice(1)).toEqual([
      {
        index: 1,
        kind: 'refine',
        label: 'c=20',
        startMs: 5000,
        durationMs: 4000,
        warmupMs: 1000,
        fromLevel: 20,
        toLevel: 20,
      },
      {
        index: 2,
        kind: 'refine',
        label: 'c=24',
        startMs: 9000,
        durationMs: 4000,
        warmupMs: 1000,
        fromLevel: 24,
        toLevel: 24,
      },
    ]);
    expect(t.phaseAt(4500)).toBeUndefined();
  });

  it('drops the phases after one (stopAfterKnee)', () => {
    const t = new Timeline(phases, 'closed');
    t.dropAfter(0);
    expect(t.phases.map((p) => p.index)).toEqual([0]);
  });
});
