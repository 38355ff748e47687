/**
 * The primary gate: max goodput (Xmax, the goodput plateau), judged by the log-scale rule
 * of ANALYSIS.md §5.3. A candidate whose Xmax is censored (goodput still rising at its last
 * level) only gives a lower bound, so it cannot fail against an uncensored baseline.
 */
import { judgeLowerIsWorse, ruleFigures, unjudgedResult, type LogRuleOptions } from './rule.js';
import { logRuleMessage } from './messages.js';
import type { GateMetricResult, GateSample } from './types.js';

const NAME = 'max goodput';

export function judgeMaxGoodput(
  baseline: readonly GateSample[],
  candidate: readonly GateSample[],
  rule: LogRuleOptions,
): GateMetricResult {
  const h = positive(baseline.map((s) => s.maxGoodputPerSec));
  const c = positive(candidate.map((s) => s.maxGoodputPerSec));
  if (h.length === 0 || c.length === 0) {
    const missing = h.length === 0 ? 'baseline' : 'candidate';
    return skipped(h.length, c.length, `${NAME}: not measured in the ${missing} runs (a capacity sweep measures it)`);
  }
  const r = judgeLowerIsWorse(h, c, rule);
  let status: GateMetricResult['status'] = r.status;
  let message = logRuleMessage(NAME, 'req/s', r, true);
  const candidateCensored = majority(candidate.filter((s) => s.maxGoodputCensored).length, candidate.length);
  const baselineCensored = majority(baseline.filter((s) => s.maxGoodputCensored).length, baseline.length);
  if (candidateCensored && !baselineCensored && (status === 'fail' || status === 'warn')) {
    status = 'warn';
    message =
      `${message}; but goodput was still rising at the candidate's last level, ` +
      'so this is a lower bound, not a regression: sweep higher';
  }
  return {
    name: NAME,
    kind: 'max-goodput',
    gated: true,
    status,
    unit: 'req/s',
    ...ruleFigures(r, h.length, c.length),
    message,
  };
}

function positive(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
}

/** More than half. */
export function majority(count: number, total: number): boolean {
  return total > 0 && count * 2 > total;
}

function skipped(nH: number, nC: number, message: string): GateMetricResult {
  return unjudgedResult(
    { name: NAME, kind: 'max-goodput', gated: true, status: 'skipped', unit: 'req/s' },
    nH,
    nC,
    message,
  );
}
