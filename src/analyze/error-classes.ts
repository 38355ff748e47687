/**
 * Maps error kinds (metrics/error-kinds: fixed kinds and `http-<code>`) and error text to
 * the classes of ANALYSIS.md §3.4 step 6. Each error message is classified on its own
 * (pool-messages.ts): a 500 or 503 whose body says "timeout acquiring connection" is a pool
 * acquire timeout, a Postgres "sorry, too many clients already" is too-many-clients, and a
 * sample that names no pool leaves its kind's class alone. A kind's count is shared among
 * its own samples (`<kind>: <text>`), so one pool message never reclassifies other errors.
 */
import { poolMessageOf } from './pool-messages.js';
import { ERROR_CLASSES, type ErrorClass } from './types.js';

export function emptyClassCounts(): Record<ErrorClass, number> {
  return Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
}

/** Class of one error kind, without text. */
export function classOfKind(kind: string): ErrorClass {
  if (kind === 'http-503') return 'http-503';
  if (kind === 'http-429') return 'http-429';
  if (kind === 'http-504' || kind === 'http-408' || /timeout/.test(kind)) return 'timeout';
  if (/refused|reset/.test(kind)) return 'refused-reset';
  return 'other';
}

/** Class that one error text points to, if it names a pool. */
export function classOfText(text: string): ErrorClass | null {
  return poolMessageOf(text)?.cls ?? null;
}

const KIND_PREFIX = /^([a-z]+(?:-[a-z0-9]+)*):\s/;

/** The samples of `kind`: `<kind>: text`, or (records without prefixes) any unprefixed one for server errors. */
function samplesOfKind(kind: string, samples: readonly string[]): string[] {
  const own = samples.filter((s) => s.startsWith(`${kind}:`));
  if (own.length > 0 || !(kind.startsWith('http-') || kind === 'other')) return own;
  return samples.filter((s) => !KIND_PREFIX.test(s));
}

/**
 * Counts by class. A kind with samples shares its count equally among them (each sample
 * classified by its own text, or by the kind when it names no pool); a kind without
 * samples takes the class of the kind. Shares may be fractional.
 */
export function classifyErrors(
  errors: Readonly<Record<string, number>>,
  samples: readonly string[],
): Record<ErrorClass, number> {
  const counts = emptyClassCounts();
  for (const [kind, n] of Object.entries(errors)) {
    if (!(n > 0)) continue;
    const own = samplesOfKind(kind, samples);
    if (own.length === 0) {
      counts[classOfKind(kind)] += n;
      continue;
    }
    for (const s of own) counts[classOfText(s) ?? classOfKind(kind)] += n / own.length;
  }
  return counts;
}

/** The dominant class (ties broken in ERROR_CLASSES order); null without errors. */
export function dominantClass(counts: Readonly<Record<ErrorClass, number>>): ErrorClass | null {
  let best: ErrorClass | null = null;
  for (const c of ERROR_CLASSES) if (counts[c] > 0 && (best === null || counts[c] > counts[best])) best = c;
  return best;
}

/** Classes whose words name a pool (or the database's connection limit). */
export function isPoolMessageClass(c: ErrorClass | null): boolean {
  return c === 'pool-acquire-timeout' || c === 'too-many-clients';
}

/** Classes that point at a pool or a fixed-capacity admission limit (a bare 503 is either). */
export function isPoolClass(c: ErrorClass | null): boolean {
  return isPoolMessageClass(c) || c === 'http-503';
}

/** Share of `counts` in pool-message classes, 0 without errors. */
export function poolMessageShare(counts: Readonly<Record<ErrorClass, number>>): number {
  let all = 0;
  for (const c of ERROR_CLASSES) all += counts[c];
  return all > 0 ? (counts['pool-acquire-timeout'] + counts['too-many-clients']) / all : 0;
}
