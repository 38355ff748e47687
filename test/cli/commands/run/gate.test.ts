import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../../src/cli/exit-codes.js';
import { runGate } from '../../../../src/cli/commands/run/gate.js';
import type { RunRecord } from '../../../../src/record/types.js';
import { gateRecord, writeRecords } from '../../../helpers/gate-records.js';
import { fakeIo } from '../../../helpers/io.js';
import { tmpdir } from '../../../helpers/tmpdir.js';

const BASE = [388, 412, 395, 405, 400, 419, 383, 401, 409, 392];

function baselineDir(): string {
  const dir = tmpdir();
  writeRecords(
    dir,
    Object.fromEntries(BASE.map((v, i) => [`baseline/run-${i}.json`, gateRecord({ minute: i, maxGoodputPerSec: v })])),
  );
  return dir;
}

/** A runOnce that yields records with these Xmax values in order, counting calls. */
function runsOf(
  values: number[],
  over: Partial<Parameters<typeof gateRecord>[0]> = {},
): { runOnce: (i: number) => Promise<RunRecord>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    runOnce: (i) => {
      calls.push(i);
      const value = values[i - 1];
      if (value === undefined) throw new Error(`unexpected run ${i}`);
      return Promise.resolve(gateRecord({ ...over, minute: 30 + i, maxGoodputPerSec: value }));
    },
  };
}

describe('runGate (run --baseline --repeat)', () => {
  it('passes after 3 runs without a confirmation batch', async () => {
    const dir = baselineDir();
    const { runOnce, calls } = runsOf([401, 398, 404]);
    const io = fakeIo({ cwd: dir });
    expect(await runGate(runOnce, { baseline: [join(dir, 'baseline')] }, io)).toBe(ExitCode.ok);
    expect(calls).toEqual([1, 2, 3]);
    expect(io.out()).toMatch(/^capplan gate: (PASS|WARN) \(10 baseline runs, 3 candidate runs\)/);
  });

  it('confirms a real regression with 3 more runs and exits 1', async () => {
    const dir = baselineDir();
    const { runOnce, calls } = runsOf([280, 283, 277, 281, 279, 282]);
    const io = fakeIo({ cwd: dir });
    const code = await runGate(runOnce, { baseline: [join(dir, 'baseline')], markdown: 'gate.md' }, io);
    expect(code).toBe(ExitCode.gateFailed);
    expect(calls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(io.err()).toContain('tentative FAIL: running a confirmation batch of 3 more runs');
    expect(io.out()).toMatch(/capplan gate: FAIL \(10 baseline runs, 6 candidate runs\)/);
    expect(io.out()).toMatch(/max goodput fell 30% \(400 → 280 req\/s\), beyond the noise of these runs/);
    expect(readFileSync(join(dir, 'gate.md'), 'utf8')).toContain('a confirmation batch of 3 more runs confirmed it');
  });

  it('does not fail when the confirmation batch does not confirm a flaky first batch', async () => {
    const dir = baselineDir();
    const { runOnce, calls } = runsOf([345, 340, 350, 402, 398, 405]);
    const io = fakeIo({ cwd: dir });
    expect(await runGate(runOnce, { baseline: [join(dir, 'baseline')] }, io)).toBe(ExitCode.ok);
    expect(calls).toHaveLength(6);
    expect(io.out()).toContain('did not confirm it');
  });

  it("stops with the run's exit code when a run is interrupted, and checks the baseline before running", async () => {
    const dir = baselineDir();
    const interrupted = runsOf([400, 400, 400], { status: 'interrupted' });
    expect(await runGate(interrupted.runOnce, { baseline: [join(dir, 'baseline')] }, fakeIo())).toBe(
      ExitCode.interrupted,
    );
    expect(interrupted.calls).toEqual([1]);
    const never = runsOf([]);
    await expect(runGate(never.runOnce, { baseline: [join(dir, 'missing')] }, fakeIo())).rejects.toThrow(
      /missing does not exist/,
    );
    expect(never.calls).toEqual([]);
  });

  it('exits 4 when the candidate runs saturated the generator', async () => {
    const dir = baselineDir();
    const { runOnce } = runsOf([400, 401, 399], { generatorSaturatedAt: 64 });
    expect(await runGate(runOnce, { baseline: [join(dir, 'baseline')], repeat: 3 }, fakeIo())).toBe(
      ExitCode.untrustworthy,
    );
  });
});
