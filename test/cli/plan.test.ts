/** `capplan plan` in-process: figures, INFEASIBLE, JSON, bad flags, --from a recorded run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analyze/index.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { buildRecord, poolRows } from '../helpers/records.js';
import { tmpdir } from '../helpers/tmpdir.js';

describe('capplan plan', () => {
  it('prints pool size, utilisation, P(wait), mean wait, p99 and the caveats', async () => {
    const io = fakeIo();
    const code = await run(
      ['plan', '--rate', '1000', '--hold', '50ms', '--p99', '250ms', '--max-utilization', '1'],
      io,
    );
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain('Recommended pool size: 53 connections');
    expect(out).toMatch(/utilisation 94\.3 %, P\(wait\) 57\.\d %, mean wait [\d.]+ ms, p99 response 24\d ms/);
    expect(out).toMatch(/Caveats:\n {2}- The hold time must be measured at the planned concurrency/);
  });
  it('applies the default 0.85 utilisation cap and reads durations in seconds', async () => {
    const io = fakeIo();
    expect(await run(['plan', '--rate', '1000', '--hold', '0.05s', '--p99', '0.2s', '--hold-cv', '0'], io)).toBe(0);
    expect(io.out()).toContain('Recommended pool size: 59 connections');
  });
  it('INFEASIBLE with the reason when the hold time alone breaks the target', async () => {
    const io = fakeIo();
    expect(await run(['plan', '--rate', '1000', '--hold', '50ms', '--p99', '200ms'], io)).toBe(0);
    expect(io.out()).toMatch(/INFEASIBLE: hold time p99 = 230 ms/);
  });
  it('--pwait, --peak and --acquire-timeout; --json prints the PlanResult', async () => {
    const io = fakeIo();
    expect(
      await run(
        [
          'plan',
          '--rate',
          '1000',
          '--hold',
          '50ms',
          '--pwait',
          '5%',
          '--max-utilization',
          '1',
          '--peak',
          '1200',
          '--acquire-timeout',
          '1s',
          '--json',
        ],
        io,
      ),
    ).toBe(0);
    const plan = JSON.parse(io.out()) as { poolSize: number; headroom: number; feasible: boolean };
    expect(plan.feasible).toBe(true);
    expect(plan.poolSize).toBe(64);
    expect(plan.headroom).toBeCloseTo(64 / 0.05 / 1200 - 1, 6);
  });
  it.each([
    [['plan', '--rate', 'fast', '--hold', '50ms'], /--rate expects a positive number, got "fast"/],
    [['plan', '--rate', '100', '--hold', '50'], /--hold expects a positive duration like 50ms or 0\.05s, got "50"/],
    [
      ['plan', '--rate', '100', '--hold', '50ms', '--pwait', '7'],
      /--pwait expects a fraction like 0\.05 or 5%, got "7"/,
    ],
    [['plan', '--hold', '50ms'], /missing --rate/],
    [['plan', '--rate', '100'], /missing --hold/],
  ])('%j is a one-line usage error', async (argv, message) => {
    const io = fakeIo();
    expect(await run(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });
  it('--from run.json takes the Server-Timing hold time and the measured capacity', async () => {
    const dir = tmpdir({});
    const record = buildRecord(
      poolRows([1, 4, 8, 12, 16, 20, 24, 32, 40], { poolSize: 20, serviceMs: 50, serverTiming: true }),
    );
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify({ ...record, analysis: analyzeRun(record, { bootstrapSamples: 0 }) }),
    );
    const io = fakeIo({ cwd: dir });
    expect(
      await run(
        ['plan', '--from', 'run.json', '--rate', '500', '--p99', '250ms', '--peak', '500', '--acquire-timeout', '1s'],
        io,
      ),
    ).toBe(0);
    const out = io.out();
    expect(out).toContain('hold 50.0 ms');
    expect(out).toContain('from the run: Server-Timing hold time');
    expect(out).toMatch(/Headroom against the peak: -20\.0 %/);
    expect(out).toMatch(/Absorbable spike at the peak: 4\.0 s/);
  });
});
