import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/gate/index.js';
import { gateWithConfirmation } from '../../src/gate/confirm.js';
import { changePercent, formatValue } from '../../src/format.js';
import { judgeLowerIsWorse } from '../../src/gate/rule.js';
import type { GateMetricResult, GateSample, GateVerdict } from '../../src/gate/types.js';

/** Ten baseline values around 400 req/s with a robust CV of about 3 %. */
const BASE_400 = [388, 412, 395, 405, 400, 419, 383, 401, 409, 392];

function sample(i: number, over: Partial<GateSample> = {}): GateSample {
  return {
    runId: `run-${i}`,
    scenario: 'capacity',
    scenarioSha256: 'abc',
    startedAt: `2026-11-01T08:${String(i).padStart(2, '0')}:00.000Z`,
    maxGoodputPerSec: 400,
    maxGoodputCensored: false,
    knee: { concurrency: 20, ci95: [18, 22], censored: null },
    maxLevelTested: 64,
    levelsTested: [1, 2, 4, 8, 16, 20, 24, 32, 64],
    errorOnset: null,
    slo: [],
    generatorSaturated: false,
    ...over,
  };
}

const runs = (
  values: readonly number[],
  over: (v: number, i: number) => Partial<GateSample> = (v) => ({ maxGoodputPerSec: v }),
  from = 0,
): GateSample[] => values.map((v, i) => sample(from + i, over(v, i)));

function metric(verdict: GateVerdict, kind: GateMetricResult['kind']): GateMetricResult {
  const found = verdict.metrics.find((m) => m.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} metric`);
  return found;
}

describe('compareRuns: max goodput', () => {
  it('fails a 30 % drop with the numbers and the noise in the message', () => {
    const verdict = compareRuns(runs(BASE_400), runs([280, 283, 277], undefined, 20), { confirmation: 'done' });
    const goodput = metric(verdict, 'max-goodput');
    expect(verdict.status).toBe('fail');
    expect(goodput.status).toBe('fail');
    expect(goodput.message).toMatch(
      /^max goodput fell 30% \(400 → 280 req\/s\), beyond the noise of these runs \(±[23](\.\d)?%\)$/,
    );
    expect(goodput.baseline.n).toBe(10);
    expect(goodput.candidate.n).toBe(3);
    expect(goodput.marginPct).toBeCloseTo(10, 6);
    expect(goodput.changePct!).toBeCloseTo(-30, 0);
    expect(goodput.upperBoundPct!).toBeLessThan(0);
  });

  it('makes a first-batch FAIL tentative when a confirmation batch is available, final when not', () => {
    const base = runs(BASE_400);
    const cand = runs([280, 283, 277], undefined, 20);
    expect(compareRuns(base, cand).status).toBe('needs-confirmation');
    const unavailable = compareRuns(base, cand, { confirmation: 'unavailable' });
    expect(unavailable.status).toBe('fail');
    expect(unavailable.notes.join('\n')).toContain('no confirmation batch available: pass more candidate runs');
  });

  it('calls a 41 % rise "improved" and an unchanged candidate "pass"', () => {
    const improved = metric(compareRuns(runs(BASE_400), runs([560, 570, 565], undefined, 20)), 'max-goodput');
    expect(improved.status).toBe('improved');
    expect(improved.message).toBe('max goodput rose 41% (400 → 565 req/s): improved');
    const same = compareRuns(runs(BASE_400), runs([398, 404, 401], undefined, 20));
    expect(same.status).toBe('pass');
    expect(metric(same, 'max-goodput').message).toMatch(
      /within the noise of these runs \(±\d(\.\d)?%\) and the 10% margin$/,
    );
  });

  it('warns on a large but noisy drop and on a small but significant one', () => {
    const noisy = metric(compareRuns(runs(BASE_400), runs([400, 390, 280], undefined, 20)), 'max-goodput');
    expect(noisy.status).toBe('warn');
    expect(noisy.message).toMatch(/not significant given the noise .*rerun or add candidate runs/);
    const small = metric(compareRuns(runs(BASE_400), runs([377, 378, 376], undefined, 20)), 'max-goodput');
    expect(small.status).toBe('warn');
    expect(small.message).toMatch(
      /^max goodput fell 5\.8% \(400 → 377 req\/s\): a real change but within the 10% margin \(noise ±3\.2%\)$/,
    );
  });

  it('widens the margin with the noise of the runs (δ = 1 − exp(−3·s·sqrt(1/|C| + 1/|H|)))', () => {
    const noisyBase = [340, 460, 380, 420, 360, 440, 400, 330, 470, 400];
    const r = judgeLowerIsWorse(noisyBase, [330, 320, 335], {
      tolerance: 0.1,
      alpha: 0.05,
      priorCv: 0.03,
      priorWeight: 4,
      minBaselineRuns: 5,
    });
    const h = noisyBase.map(Math.log);
    const med = [...h].sort((a, b) => a - b);
    const m = (med[4]! + med[5]!) / 2;
    const dev = h.map((x) => Math.abs(x - m)).sort((a, b) => a - b);
    const s = 1.4826 * ((dev[4]! + dev[5]!) / 2);
    expect(r.margin).toBeCloseTo(1 - Math.exp(-3 * s * Math.sqrt(1 / 3 + 1 / 10)), 12);
    expect(r.margin).toBeGreaterThan(0.1);
  });

  it('says when the baseline is too small and still fails a clear drop with the prior noise', () => {
    const verdict = compareRuns(runs([400, 404, 396]), runs([280, 283, 277], undefined, 20), { confirmation: 'done' });
    expect(verdict.notes.join('\n')).toMatch(
      /only 3 baseline runs: the noise estimate is weak, so a prior run-to-run noise of ±3% is combined/,
    );
    expect(metric(verdict, 'max-goodput').status).toBe('fail');
    // With a single baseline run the prior alone sets the noise; a 5 % drop stays within it.
    const single = compareRuns(runs([400]), runs([380, 381, 379], undefined, 20));
    expect(metric(single, 'max-goodput').status).not.toBe('fail');
    expect(metric(single, 'max-goodput').noisePct!).toBeCloseTo(3, 6);
  });

  it('splits α over gated metrics (Bonferroni) when the knee is gated', () => {
    expect(compareRuns(runs(BASE_400), runs([400, 400, 400], undefined, 20)).alphaPerMetric).toBe(0.05);
    expect(compareRuns(runs(BASE_400), runs([400, 400, 400], undefined, 20), { gateKnee: true }).alphaPerMetric).toBe(
      0.025,
    );
  });

  it('does not fail a censored candidate Xmax (a lower bound) against an uncensored baseline', () => {
    const verdict = compareRuns(
      runs(BASE_400),
      runs([280, 283, 277], (v) => ({ maxGoodputPerSec: v, maxGoodputCensored: true }), 20),
      { confirmation: 'done' },
    );
    const goodput = metric(verdict, 'max-goodput');
    expect(goodput.status).toBe('warn');
    expect(goodput.message).toContain('lower bound, not a regression');
  });

  it('skips max goodput when the runs measured none', () => {
    const verdict = compareRuns(
      runs(BASE_400),
      runs([1, 1, 1], () => ({ maxGoodputPerSec: null }), 20),
    );
    expect(metric(verdict, 'max-goodput').status).toBe('skipped');
    expect(verdict.status).toBe('pass');
  });
});

describe('compareRuns: error onset', () => {
  const base = runs(BASE_400, (v) => ({ maxGoodputPerSec: v, errorOnset: 24 }));
  it('fails when errors begin at least one tested level earlier in the majority of runs', () => {
    const verdict = compareRuns(
      base,
      runs([400, 401, 399], (v, i) => ({ maxGoodputPerSec: v, errorOnset: i < 2 ? 16 : 24 }), 20),
      { confirmation: 'done' },
    );
    const onset = metric(verdict, 'error-onset');
    expect(onset.status).toBe('fail');
    expect(onset.message).toBe('errors began earlier: at c=16 in 2 of 3 runs (baseline: c=24)');
    expect(verdict.status).toBe('fail');
  });

  it('only warns when a minority of runs moved earlier', () => {
    const onset = metric(
      compareRuns(
        base,
        runs([400, 401, 399], (v, i) => ({ maxGoodputPerSec: v, errorOnset: i === 0 ? 20 : 24 }), 20),
      ),
      'error-onset',
    );
    expect(onset.status).toBe('warn');
  });

  it('treats a clean baseline as "beyond x_max" and a clean candidate as never earlier', () => {
    const clean = runs(BASE_400);
    const newErrors = metric(
      compareRuns(
        clean,
        runs([400, 401, 399], (v) => ({ maxGoodputPerSec: v, errorOnset: 64 }), 20),
      ),
      'error-onset',
    );
    expect(newErrors.status).toBe('fail');
    expect(newErrors.message).toContain('baseline: no errors up to c=64');
    const fixed = metric(compareRuns(base, runs([400, 401, 399], undefined, 20)), 'error-onset');
    expect(fixed.status).toBe('improved');
    expect(metric(compareRuns(clean, runs([400, 401, 399], undefined, 20)), 'error-onset').status).toBe('pass');
  });
});

describe('compareRuns: knee (censoring rules of ANALYSIS §5.1)', () => {
  const base = runs(BASE_400, (v, i) => ({
    maxGoodputPerSec: v,
    knee: { concurrency: 20 + (i % 3) - 1, ci95: [18, 22], censored: null },
  }));
  const knee = (c: number, hi = c * 1.1): Partial<GateSample> => ({
    knee: { concurrency: c, ci95: [c * 0.9, hi], censored: null },
  });
  /** A knee not reached up to c=`c` (censored above). */
  const notReached = (c: number): Partial<GateSample> => ({
    knee: { concurrency: c, ci95: [c, c], censored: 'above' },
  });

  it('warns (not fails) on a knee regression by default, and fails with gateKnee', () => {
    const cand = runs([400, 401, 399], () => knee(12), 20);
    const warnOnly = compareRuns(base, cand, { confirmation: 'done' });
    expect(metric(warnOnly, 'knee').status).toBe('warn');
    expect(metric(warnOnly, 'knee').message).toContain('warn-only; --gate-knee makes it fail');
    expect(warnOnly.status).toBe('warn');
    const gated = compareRuns(base, cand, { confirmation: 'done', gateKnee: true });
    expect(metric(gated, 'knee').status).toBe('fail');
    expect(gated.status).toBe('fail');
  });

  it('never fails a candidate whose knee was not reached, even on a short sweep', () => {
    const cand = runs([400, 401, 399], () => ({ ...notReached(16), maxLevelTested: 16 }), 20);
    const k = metric(compareRuns(base, cand, { gateKnee: true }), 'knee');
    expect(k.status).toBe('pass');
    expect(k.message).toBe(
      'knee not reached in the candidate (> c=16 in 3 of 3 runs; baseline c=20): not a regression',
    );
    const wider = runs([400, 401, 399], () => notReached(64), 20);
    expect(metric(compareRuns(base, wider, { gateKnee: true }), 'knee').status).toBe('improved');
    // Generator-limited steps left out: the analyzer's edge (8) is
    // below x_max (64); neither a regression nor an improvement.
    const limited = runs([400, 401, 399], () => ({ ...notReached(8), maxLevelTested: 64 }), 20);
    const k2 = metric(compareRuns(base, limited, { gateKnee: true }), 'knee');
    expect(k2.status).toBe('pass');
    expect(k2.message).toContain('> c=8 in 3 of 3 runs');
  });

  it('against a censored baseline, fails only when the candidate CI upper bound is below the baseline x_max', () => {
    const censoredBase = runs(BASE_400, (v) => ({ maxGoodputPerSec: v, ...notReached(32), maxLevelTested: 32 }));
    const kneeAgainstBase = (concurrency: number, ciHigh: number) =>
      metric(
        compareRuns(
          censoredBase,
          runs([400, 401, 399], () => knee(concurrency, ciHigh), 20),
          { gateKnee: true },
        ),
        'knee',
      );
    const below = kneeAgainstBase(20, 24);
    expect(below.status).toBe('fail');
    expect(below.message).toContain('CI upper bound below c=32');
    const reaches = kneeAgainstBase(28, 34);
    expect(reaches.status).toBe('pass');
  });
});

describe('compareRuns: SLOs, saturation, scenarios', () => {
  const p99 = (actual: number): Partial<GateSample> => ({
    slo: [
      { metric: 'p99', scope: 'overall', threshold: 300, actual, unit: 'ms', pass: actual <= 300 },
      { metric: 'p99', scope: 'c=64', threshold: 300, actual: 900, unit: 'ms', pass: false },
    ],
  });

  it('fails at once (no confirmation needed) on an overall SLO broken in most runs; ignores per-step scopes', () => {
    const verdict = compareRuns(
      runs(BASE_400),
      runs([320, 340, 250], (v) => p99(v), 20),
    );
    const slo = metric(verdict, 'slo');
    expect(verdict.metrics.filter((m) => m.kind === 'slo')).toHaveLength(1);
    expect(slo.name).toBe('SLO p99 (overall)');
    expect(slo.message).toBe('SLO p99 ≤ 300 ms broken in 2 of 3 runs (worst 340 ms)');
    expect(verdict.status).toBe('fail');
    const met = compareRuns(
      runs(BASE_400),
      runs([120, 130, 125], (v) => p99(v), 20),
    );
    expect(metric(met, 'slo').status).toBe('pass');
    expect(met.status).toBe('pass');
  });

  it('leaves out a minority of generator-saturated candidate runs, and saturated baseline runs', () => {
    const base = [...runs(BASE_400), sample(15, { maxGoodputPerSec: 100, generatorSaturated: true })];
    const verdict = compareRuns(
      base,
      runs([400, 401, 150], (v, i) => ({ maxGoodputPerSec: v, generatorSaturated: i === 2 }), 20),
    );
    expect(verdict.generatorSaturatedRuns).toBe(1);
    expect(verdict.untrustworthy).toBe(false);
    expect(verdict.baselineRuns).toBe(10);
    expect(metric(verdict, 'max-goodput').candidate.n).toBe(2);
    expect(metric(verdict, 'max-goodput').status).toBe('pass');
    expect(verdict.notes.join('\n')).toMatch(/left out 1 baseline runs that saturated/);
    expect(verdict.notes.join('\n')).toMatch(/left out 1 of 3 candidate runs that saturated the load generator/);
  });

  it('calls the verdict untrustworthy when most candidate runs saturated the generator', () => {
    const verdict = compareRuns(
      runs(BASE_400),
      runs([400, 401, 399], (v, i) => ({ maxGoodputPerSec: v, generatorSaturated: i > 0 }), 20),
    );
    expect(verdict.untrustworthy).toBe(true);
    expect(verdict.generatorSaturatedRuns).toBe(2);
    expect(verdict.notes.join('\n')).toMatch(
      /2 of 3 candidate runs saturated the load generator in measured steps: results not trustworthy/,
    );
  });

  it('notes a scenario mismatch', () => {
    const verdict = compareRuns(
      runs(BASE_400),
      runs([400], (v) => ({ maxGoodputPerSec: v, scenario: 'other' }), 20),
    );
    expect(verdict.notes.join('\n')).toMatch(/different scenarios \(capacity, other\)/);
  });
});

describe('gateWithConfirmation', () => {
  it('runs the confirmation batch only for a tentative FAIL, and judges all runs', async () => {
    const asked: number[] = [];
    const runMore = (n: number): Promise<GateSample[]> => {
      asked.push(n);
      return Promise.resolve(runs([398, 402, 405], undefined, 40).slice(0, n));
    };
    const pass = await gateWithConfirmation(runs(BASE_400), runs([400, 401, 399], undefined, 20), runMore);
    expect(pass.confirmed).toBe(false);
    expect(asked).toEqual([]);
    // One outlier-heavy first batch that the confirmation batch does not confirm.
    const flake = await gateWithConfirmation(runs(BASE_400), runs([345, 340, 350], undefined, 20), runMore);
    expect(asked).toEqual([3]);
    expect(flake.confirmed).toBe(true);
    expect(flake.candidates).toHaveLength(6);
    expect(flake.verdict.candidateRuns).toBe(6);
    expect(flake.verdict.status).not.toBe('fail');
    expect(flake.verdict.notes.at(-1)).toMatch(/did not confirm it \(judged on all 6\)/);
  });

  it('skips the confirmation batch when the candidate runs saturated the generator', async () => {
    let asked = 0;
    const result = await gateWithConfirmation(
      runs(BASE_400),
      runs([280, 283, 277], (v) => ({ maxGoodputPerSec: v, generatorSaturated: true }), 20),
      () => {
        asked++;
        return Promise.resolve([]);
      },
    );
    expect(asked).toBe(0);
    expect(result.confirmed).toBe(false);
    expect(result.verdict.generatorSaturatedRuns).toBe(3);
    expect(result.verdict.untrustworthy).toBe(true);
    expect(result.verdict.status).toBe('fail');
  });

  it('confirms a real regression', async () => {
    const result = await gateWithConfirmation(
      runs(BASE_400),
      runs([280, 283, 277], undefined, 20),
      (n) => Promise.resolve(runs([279, 282, 281, 280].slice(0, n), undefined, 40)),
      { confirmationRuns: 4 },
    );
    expect(result.verdict.status).toBe('fail');
    expect(result.verdict.confirmation).toBe('done');
    expect(result.verdict.candidateRuns).toBe(7);
    expect(result.verdict.notes.at(-1)).toMatch(/confirmation batch of 4 more runs confirmed it/);
  });
});

describe('message formatting', () => {
  it.each([
    [0.296, '30%'],
    [0.034, '3.4%'],
    [-0.05, '5%'],
    [0.0996, '10%'],
    [0.001, '0.1%'],
  ])('changePercent(%s) = %s', (f, text) => expect(changePercent(f)).toBe(text));
  it.each([
    [399.6, '400'],
    [12.34, '12.3'],
    [0.5, '0.5'],
    [99.4, '99.4'],
  ])('formatValue(%s) = %s', (v, text) => expect(formatValue(v)).toBe(text));
});
