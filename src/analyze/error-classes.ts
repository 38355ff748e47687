/**
 * Maps error kinds (metrics/error-kinds: fixed kinds and `http-<code>`) and error text to
 * the classes of ANALYSIS.md §3.4 step 6. Text wins for server errors: a 500 or 503 whose
 * body says "timeout acquiring connection" is a pool acquire timeout, and a Postgres
 * "sorry, too many clients already" is too-many-clients, whatever its status code.
 */
import { ERROR_CLASSES, type ErrorClass } from './types.js';

const POOL_ACQUIRE = /timeout acquiring connection|acquire/i;
const TOO_MANY_CLIENTS = /too many clients|remaining connection slots/i;

export function emptyClassCounts(): Record<ErrorClass, number> {
  return Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
}

/** Class of one error kind, without text. */
export function classOfKind(kind: string): ErrorClass {
  if (kind === 'http-503') return 'http-503';
  if (kind === 'http-504' || kind === 'http-408' || /timeout/.test(kind)) return 'timeout';
  if (/refused|reset/.test(kind)) return 'refused-reset';
  return 'other';
}

/** Class that error text points to, if any. */
export function classOfText(samples: readonly string[]): ErrorClass | null {
  if (samples.some((s) => TOO_MANY_CLIENTS.test(s))) return 'too-many-clients';
  if (samples.some((s) => POOL_ACQUIRE.test(s))) return 'pool-acquire-timeout';
  return null;
}

/** Counts by class: server (http-*) errors take the class their text names, if it names one. */
export function classifyErrors(errors: Readonly<Record<string, number>>, samples: readonly string[]): Record<ErrorClass, number> {
  const counts = emptyClassCounts();
  const textClass = classOfText(samples);
  for (const [kind, n] of Object.entries(errors)) {
    if (!(n > 0)) continue;
    const cls = textClass !== null && (kind.startsWith('http-') || kind === 'other') ? textClass : classOfKind(kind);
    counts[cls] += n;
  }
  return counts;
}

/** The dominant class (ties broken in ERROR_CLASSES order); null without errors. */
export function dominantClass(counts: Readonly<Record<ErrorClass, number>>): ErrorClass | null {
  let best: ErrorClass | null = null;
  for (const c of ERROR_CLASSES) if (counts[c] > 0 && (best === null || counts[c] > counts[best])) best = c;
  return best;
}

/** Classes that point at a pool (or a fixed-capacity admission limit). */
export function isPoolClass(c: ErrorClass | null): boolean {
  return c === 'pool-acquire-timeout' || c === 'too-many-clients' || c === 'http-503';
}
