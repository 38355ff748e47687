/**
 * A run in which the target answered no request successfully: there is no capacity to read
 * from it, and "error onset: none" or "goodput still rises (0 req/s)" would be lies. Its
 * verdict is `target-failing`, named by the dominant error kind.
 */
import type { WindowRecord } from '../record/types.js';
import { sentencePercent } from '../format.js';

export type TargetFailing = { kind: string; share: number; requests: number };

/** The dominant error kind when no request succeeded (and some failed); otherwise null. */
type Counted = Pick<WindowRecord, 'ok' | 'errorCount' | 'errors'>;

export function targetFailing(windows: readonly Counted[]): TargetFailing | null {
  let ok = 0;
  let failed = 0;
  const byKind = new Map<string, number>();
  for (const w of windows) {
    ok += w.ok;
    failed += w.errorCount;
    for (const [kind, n] of Object.entries(w.errors)) byKind.set(kind, (byKind.get(kind) ?? 0) + n);
  }
  if (ok > 0 || failed === 0) return null;
  let kind = 'other';
  let most = 0;
  for (const [k, n] of byKind) {
    if (n > most) [kind, most] = [k, n];
  }
  return { kind, share: most / failed, requests: failed };
}

export function failingSummary(t: TargetFailing): string {
  return (
    `Target failing: none of ${t.requests} requests succeeded (${t.kind} in ${sentencePercent(t.share)} of them), ` +
    'so no capacity can be read from this run; fix the target, or its expect.status, first.'
  );
}
