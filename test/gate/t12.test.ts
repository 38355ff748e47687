/**
 * ANALYSIS.md §6 T12: the CI gate's error rates on simulated metrics, seeded.
 * Baseline: 10 runs of Xmax = 400·LN(0, 3 %); candidates: 3 runs, plus a confirmation
 * batch of 3 more when the first batch tentatively fails.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/gate/index.js';
import { gateWithConfirmation } from '../../src/gate/confirm.js';
import { createRng, simulateGateSamples, type SimulationSpec } from '../helpers/gate-simulate.js';
import type { GateSample, GateVerdict } from '../../src/gate/types.js';

const SEEDS = 1000;

type Outcome = { fails: number; warns: number; confirmations: number; firstBatchFails: number };

/** Runs the gate with confirmation for SEEDS seeds; `candidate` describes the first batch. */
async function failRate(
  candidate: Omit<SimulationSpec, 'runs'>,
  confirmationBatch: Omit<SimulationSpec, 'runs'> = { ...candidate, outlierRuns: [] },
): Promise<Outcome> {
  const outcome: Outcome = { fails: 0, warns: 0, confirmations: 0, firstBatchFails: 0 };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = createRng(seed);
    const baseline = simulateGateSamples(rng, { runs: 10, idPrefix: 'base' });
    const first = simulateGateSamples(rng, { ...candidate, runs: 3, idPrefix: 'cand' });
    // By default the confirmation batch has the same true change but no injected outlier.
    const runMore = (n: number): Promise<GateSample[]> =>
      Promise.resolve(simulateGateSamples(rng, { ...confirmationBatch, runs: n, idPrefix: 'more' }));
    const { verdict, confirmed } = await gateWithConfirmation(baseline, first, runMore);
    if (confirmed) outcome.confirmations++;
    if (verdict.status === 'fail') outcome.fails++;
    if (verdict.status === 'warn') outcome.warns++;
    if (compareRuns(baseline, first, { confirmation: 'unavailable' }).status === 'fail') outcome.firstBatchFails++;
  }
  return outcome;
}

describe('T12: CI gate error rates (1000 seeds each)', () => {
  it('(a) unchanged candidate: FAIL in ≤ 1 %', async () => {
    const o = await failRate({});
    expect(o.fails / SEEDS).toBeLessThanOrEqual(0.01);
  });

  it('(b) −20 % candidate: FAIL in ≥ 99 %', async () => {
    const o = await failRate({ change: -0.2 });
    expect(o.fails / SEEDS).toBeGreaterThanOrEqual(0.99);
    expect(o.confirmations).toBeGreaterThanOrEqual(o.fails);
  });

  it('(c) −5 % candidate: FAIL in ≤ 2 % (WARN allowed)', async () => {
    const o = await failRate({ change: -0.05 });
    expect(o.fails / SEEDS).toBeLessThanOrEqual(0.02);
  });

  it('(d) one −30 % outlier run, no true change: FAIL in ≤ 2 % thanks to confirmation', async () => {
    const o = await failRate({ outlierRuns: [0], outlierChange: -0.3 });
    expect(o.fails / SEEDS).toBeLessThanOrEqual(0.02);
  });

  it("(d') a transient −12 % slowdown of the first batch fails it; the confirmation batch clears it", async () => {
    // Measured: 872 first-batch FAILs, 3 confirmed, of 1000 seeds.
    const o = await failRate({ change: -0.12 }, {});
    expect(o.firstBatchFails / SEEDS).toBeGreaterThanOrEqual(0.8);
    expect(o.fails / SEEDS).toBeLessThanOrEqual(0.01);
  });

  it.each([{ gateKnee: false }, { gateKnee: true }])(
    '(e) censored candidate knee never FAILs on the knee (gateKnee $gateKnee)',
    ({ gateKnee }) => {
      let kneeFails = 0;
      let kneeWarns = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const rng = createRng(seed);
        const baseline = simulateGateSamples(rng, { runs: 10, knee: 20, maxLevel: 64 });
        // Not reached by 16 (a short sweep), 32 or 64: "> x_max" is never a regression on its own.
        const maxLevel = [16, 32, 64][seed % 3]!;
        const candidate = simulateGateSamples(rng, { runs: 3, kneeCensored: true, maxLevel });
        const verdict: GateVerdict = compareRuns(baseline, candidate, { gateKnee, confirmation: 'done' });
        const knee = verdict.metrics.find((m) => m.kind === 'knee')!;
        if (knee.status === 'fail') kneeFails++;
        if (knee.status === 'warn') kneeWarns++;
      }
      expect(kneeFails).toBe(0);
      expect(kneeWarns).toBe(0);
    },
  );
});
