/**
 * The confirmation protocol of ANALYSIS.md §5.3: a tentative FAIL runs one more batch of
 * candidate runs (as many as the first batch unless told otherwise), and the gate is
 * recomputed on all of them; it FAILs only if it still fails. This is what keeps the
 * false-fail rate near zero when one candidate run is an outlier.
 *
 * Producing runs is the caller's job (`runMore`), so this stays free of IO: `capplan run
 * --baseline` passes a callback that runs the scenario again; tests pass simulated samples.
 */
import { compareRuns } from './index.js';
import type { GateOptions, GateSample, GateVerdict } from './types.js';

export type ConfirmationOptions = Partial<Omit<GateOptions, 'confirmation'>> & {
  /** Runs in the confirmation batch (default: as many as the first batch, at least 3). */
  confirmationRuns?: number;
};

export type ConfirmedGate = {
  verdict: GateVerdict;
  /** Every candidate sample judged (first batch + confirmation batch). */
  candidates: GateSample[];
  /** True when a confirmation batch was run. */
  confirmed: boolean;
};

/** Default size of a gate batch (`--repeat`). */
export const DEFAULT_BATCH_RUNS = 3;

/**
 * The confirmation batch for a first batch of `repeat` runs: as many, and never fewer than the
 * default (issue 11, 2.6: `--repeat 1` confirmed a FAIL with one more run, as noisy as the first).
 */
export function confirmationRunsFor(repeat: number): number {
  return Math.max(repeat, DEFAULT_BATCH_RUNS);
}

export async function gateWithConfirmation(
  baseline: readonly GateSample[],
  candidates: readonly GateSample[],
  runMore: (runs: number) => Promise<GateSample[]>,
  options: ConfirmationOptions = {},
): Promise<ConfirmedGate> {
  const { confirmationRuns, ...gateOptions } = options;
  const first = compareRuns(baseline, candidates, { ...gateOptions, confirmation: 'available' });
  if (first.status !== 'needs-confirmation') return { verdict: first, candidates: [...candidates], confirmed: false };
  if (first.untrustworthy) {
    // More runs on a generator that is already the bottleneck would not tell us more.
    const verdict = compareRuns(baseline, candidates, { ...gateOptions, confirmation: 'unavailable' });
    return { verdict, candidates: [...candidates], confirmed: false };
  }
  const batch = confirmationRuns ?? Math.max(3, candidates.length);
  const more = await runMore(batch);
  const all = [...candidates, ...more];
  const final = compareRuns(baseline, all, { ...gateOptions, confirmation: 'done' });
  const failedFirst = first.metrics
    .filter((m) => m.gated && m.status === 'fail')
    .map((m) => m.name)
    .join(', ');
  const note =
    final.status === 'fail'
      ? `the first ${candidates.length} candidate runs failed on ${failedFirst}; ` +
        `a confirmation batch of ${more.length} more runs confirmed it`
      : `the first ${candidates.length} candidate runs failed on ${failedFirst}, ` +
        `but a confirmation batch of ${more.length} more runs did not confirm it (judged on all ${all.length})`;
  return { verdict: { ...final, notes: [...final.notes, note] }, candidates: all, confirmed: true };
}
