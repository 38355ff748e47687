import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import type { Schedule } from '../../src/scenario/types.js';
import { fakeIo } from '../helpers/io.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

describe('capplan inspect', () => {
  it('prints the phase table, totals and connections of a sweep', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    expect(await run(['inspect', 'capacity.yml'], io)).toBe(ExitCode.ok);
    expect(io.err()).toBe('');
    expect(io.out()).toBe(`scenario capacity (capacity.yml)
target: demo target (memory, pool 20, hold 50ms, acquire timeout 1s)
model: closed (concurrency: virtual users back to back)

#  kind   label  start  duration  warm-up  concurrency
-  -----  -----  -----  --------  -------  -----------
1  probe  probe     0s        4s       1s            1
2  level  c=2       4s        4s       1s            2
3  level  c=4       8s        4s       1s            4
4  level  c=8      12s        4s       1s            8
5  level  c=16     16s        4s       1s           16
6  level  c=32     20s        4s       1s           32
7  level  c=64     24s        4s       1s           64

total: 28s
peak concurrency: 64
connections needed: 64 (one per virtual user)
note: up to 3 refinement levels of 4s each are added at run time inside the knee bracket; \
the sweep stops two levels past the knee
`);
  });

  it('an adaptive sweep: says the schedule is adaptive and gives its bounds (levels, load seconds)', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    const args = [
      'inspect',
      'capacity.yml',
      '--set',
      'load.sweep={ "adaptive": true, "to": 64, "maxDuration": "20s" }',
    ];
    expect(await run(args, io)).toBe(ExitCode.ok);
    expect(io.err()).toBe('');
    expect(io.out()).toContain(`1  probe  probe     0s        2s        -            1

schedule: adaptive (levels decided live from the measured windows; ANALYSIS.md §9.3)
  levels: from 1 (the probe above) up to at most 64: 1s levels doubling while throughput scales, \
then 2s levels around the fitted knee
  stops: when the knee's 95% CI is within +/-10%, at 64 (not reached), or at 20s of load
max load: 20s (pauses of about 1s between levels come on top)
peak concurrency: at most 64
connections needed: 64 (one per virtual user)
`);
  });

  it('shows ramps of an open-model shape with rates, and applies --set', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    expect(
      await run(
        ['inspect', 'open-ramp.yml', '--set', 'load.stages[1].rampTo=800', '--set', 'load.stages[2].rate=800'],
        io,
      ),
    ).toBe(ExitCode.ok);
    const out = io.out();
    expect(out).toContain('2  stage  ramp        10s       20s        -  50/s -> 800/s');
    expect(out).toContain('total: 50s\npeak rate: 800/s\n');
    expect(out).toContain(
      "connections needed: about 40 at the demo target's 50ms hold (rate x response time), at most maxInFlight 2000",
    );
  });

  it('prints the schedule as JSON with --json', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    expect(await run(['inspect', 'spike.yml', '--json'], io)).toBe(ExitCode.ok);
    const doc = JSON.parse(io.out()) as { name: string; model: string; schedule: Schedule };
    expect(doc.name).toBe('spike');
    expect(doc.schedule.phases.map((p) => [p.label, p.startMs, p.durationMs, p.fromLevel, p.toLevel])).toEqual([
      ['baseline', 0, 10_000, 10, 10],
      ['ramp', 10_000, 5_000, 10, 100],
      ['spike', 15_000, 15_000, 100, 100],
      ['recovery', 30_000, 15_000, 10, 10],
    ]);
    expect(doc.schedule.totalMs).toBe(45_000);
    expect(doc.schedule.peakLevel).toBe(100);
  });

  it('reports an unknown --set path as a usage error, without a stack', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    expect(await run(['inspect', 'capacity.yml', '--set', 'load.swep.to=8'], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe('capplan: --set load.swep.to=8: load has no key "swep" (did you mean "sweep"?)\n');
    expect(io.out()).toBe('');
  });

  it('reports scenario problems as file:line:col lines', async () => {
    const io = fakeIo({ cwd: SCENARIOS });
    expect(await run(['inspect', 'capacity.yml', '--set', 'load.sweep.from=128'], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(
      [
        'capacity.yml:18:25: load.sweep: "from" (128) must not be above "to" (64)',
        'hint: run `capplan validate capacity.yml` to check a scenario without sending traffic',
        '',
      ].join('\n'),
    );
  });
});
