/**
 * The gate when no confirmation batch can be run (`capplan compare`: the runs are given).
 * ANALYSIS.md §5.3 keeps false FAILs near zero by confirming a tentative FAIL with more runs;
 * here the given runs must do it themselves (issue 11, 2.6: one candidate run with 10 %
 * outlier runs failed 10.7 % of unchanged candidates):
 *   fewer than 3 candidate runs   a regression FAIL is `inconclusive` (exit 0 with the reason):
 *                                 one or two runs cannot be told from one noisy run
 *   3 or more                     the first half is the first batch and the rest the
 *                                 confirmation batch: FAIL only when the first half fails and
 *                                 all of them still do; otherwise WARN, saying so
 * A broken SLO fails at once, as always. Pure.
 */
import { compareRuns } from './index.js';
import type { GateOptions, GateSample, GateVerdict } from './types.js';

export const MIN_UNCONFIRMED_CANDIDATES = 3;

export function compareUnconfirmed(
  baseline: readonly GateSample[],
  candidate: readonly GateSample[],
  options: Partial<Omit<GateOptions, 'confirmation'>> = {},
): GateVerdict {
  const verdict = compareRuns(baseline, candidate, { ...options, confirmation: 'unavailable' });
  const failing = verdict.metrics.filter((m) => m.gated && m.status === 'fail');
  if (verdict.status !== 'fail' || failing.some((m) => m.kind === 'slo') || verdict.untrustworthy) return verdict;
  const what = failing.map((m) => m.name).join(', ');
  if (candidate.length < MIN_UNCONFIRMED_CANDIDATES) {
    const runs = candidate.length === 1 ? 'one candidate run' : `${candidate.length} candidate runs`;
    return {
      ...verdict,
      status: 'inconclusive',
      notes: [
        ...verdict.notes,
        `inconclusive: ${runs} cannot be told from noise (${what} looked worse); ` +
          'rerun with --repeat 3 or `run --baseline`',
      ],
    };
  }
  const half = Math.ceil(candidate.length / 2);
  const first = compareRuns(baseline, candidate.slice(0, half), { ...options, confirmation: 'available' });
  const all = compareRuns(baseline, candidate, { ...options, confirmation: 'done' });
  if (first.status === 'needs-confirmation' && all.status === 'fail') {
    return {
      ...all,
      confirmation: 'unavailable',
      notes: [
        ...all.notes,
        `the first ${half} candidate runs failed on ${what} and the other ${candidate.length - half} confirmed it`,
      ],
    };
  }
  return {
    ...verdict,
    status: 'warn',
    notes: [
      ...verdict.notes,
      `not confirmed: the first ${half} candidate runs did not fail on ${what} on their own, so the FAIL on all ` +
        `${candidate.length} rests on one half (read as the confirmation batch)`,
    ],
  };
}
