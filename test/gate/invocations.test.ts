/**
 * Issue 11, 2.6: the gate's false-FAIL rate for every supported invocation, T12-style
 * (seeded simulation, ANALYSIS.md §6): baseline of 10 runs, unchanged candidates, and one run
 * in ten an outlier (−30 %) on either side. `capplan compare` with k given candidate runs
 * (no confirmation possible) and `capplan run --baseline --repeat r` (a confirmation batch).
 * Before: compare with one candidate failed 10.7 % of unchanged runs, and --repeat 1
 * confirmed with a batch of one.
 */
import { describe, expect, it } from 'vitest';
import { confirmationRunsFor, gateWithConfirmation } from '../../src/gate/confirm.js';
import { createRng, simulateGateSamples } from '../helpers/gate-simulate.js';
import type { GateSample } from '../../src/gate/types.js';
import { compareUnconfirmed } from '../../src/gate/unconfirmed.js';
import { exitCodeOf } from '../../src/cli/gate-verdict.js';

const SEEDS = 1000;
const OUTLIER_SHARE = 0.1;

function runs(rng: () => number, n: number, prefix: string, change = 0): GateSample[] {
  const outlierRuns = Array.from({ length: n }, (_, i) => i).filter(() => rng() < OUTLIER_SHARE);
  return simulateGateSamples(rng, { runs: n, idPrefix: prefix, outlierRuns, outlierChange: -0.3, change });
}

describe('false FAIL ≤ 1 % for every supported invocation (1000 seeds, 10 % outlier runs)', () => {
  it.each([1, 2, 3, 4, 6])('capplan compare with %i candidate run(s)', (k) => {
    let fails = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = createRng(seed);
      const baseline = runs(rng, 10, 'base');
      if (compareUnconfirmed(baseline, runs(rng, k, 'cand')).status === 'fail') fails++;
    }
    expect(fails / SEEDS).toBeLessThanOrEqual(0.01);
  });

  it.each([1, 2, 3, 5])('capplan run --baseline --repeat %i', async (repeat) => {
    let fails = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = createRng(seed);
      const baseline = runs(rng, 10, 'base');
      const { verdict } = await gateWithConfirmation(
        baseline,
        runs(rng, repeat, 'cand'),
        (n) => Promise.resolve(runs(rng, n, 'more')),
        { confirmationRuns: confirmationRunsFor(repeat) },
      );
      if (verdict.status === 'fail') fails++;
    }
    expect(fails / SEEDS).toBeLessThanOrEqual(0.01);
  });
});

describe('one candidate run', () => {
  it('a run 30 % down is inconclusive, never FAIL: exit 0 with the reason', () => {
    const rng = createRng(7);
    const baseline = runs(rng, 10, 'base');
    const verdict = compareUnconfirmed(baseline, simulateGateSamples(rng, { runs: 1, change: -0.3 }));
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.notes.at(-1)).toMatch(
      /^inconclusive: one candidate run cannot be told from noise .*rerun with --repeat 3 or `run --baseline`$/,
    );
    expect(exitCodeOf(verdict)).toBe(0);
  });
  it('a real regression still FAILs with 3 or more given runs', () => {
    let fails = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rng = createRng(seed);
      const baseline = simulateGateSamples(rng, { runs: 10, idPrefix: 'base' });
      if (compareUnconfirmed(baseline, simulateGateSamples(rng, { runs: 6, change: -0.2 })).status === 'fail') fails++;
    }
    expect(fails / 200).toBeGreaterThanOrEqual(0.95);
  });
  it('--repeat 1 confirms with the default batch of 3, not 1', () => {
    expect(confirmationRunsFor(1)).toBe(3);
    expect(confirmationRunsFor(5)).toBe(5);
  });
});
