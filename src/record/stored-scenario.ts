/**
 * The scenario as a record stores it (`scenario.resolved`): the normalized scenario with its
 * secrets redacted, and each request's accepted statuses as ranges ("200-299") rather than a
 * hundred numbers each: a scenario of thousands of requests must not make a record of tens of
 * megabytes. Nothing reads `expectStatus` back from a record; the ranges are for people.
 */
import { redactSecrets } from './build.js';
import type { Scenario } from '../scenario/types.js';

/** [200, 201, ..., 299, 304] -> ["200-299", 304]. */
export function statusRanges(codes: readonly number[]): (number | string)[] {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const out: (number | string)[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    out.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : (sorted[i] ?? 0));
    if (j - i === 1) out.push(sorted[j] ?? 0);
    i = j + 1;
  }
  return out;
}

export function storedScenario(scenario: Scenario): unknown {
  const requests = scenario.requests.map((r) => ({ ...r, expectStatus: statusRanges(r.expectStatus) }));
  const compact = { ...scenario, requests };
  return redactSecrets(compact, scenario.secrets);
}
