/**
 * Durations in scenario files: a number with a unit, `ms s m h`, optionally compound
 * (`1m30s`, `1h5m`), decimals allowed (`1.5s`). A bare number is an error: `30` could
 * mean 30 ms or 30 s, and guessing wrong silently changes a test by a factor of 1000.
 *
 *   duration := part+        part := digits [ "." digits ] unit        unit := ms | s | m | h
 */

/** Matches a whole duration string (used by the zod schema and the JSON Schema). */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses "30s", "1m30s", "250ms" into milliseconds; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let totalMs = 0;
  for (const match of text.matchAll(PART)) {
    totalMs += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  // Sub-millisecond fractions ("0.5ms") round to the nearest microsecond-free value we can honour.
  return Math.round(totalMs * 1000) / 1000;
}

/** A one-line explanation of why `input` is not a duration, for schema messages. */
export function describeBadDuration(input: unknown): string {
  if (typeof input === 'number') {
    return `expected a duration with a unit like "${input}ms" or "${input}s", got the bare number ${input}`;
  }
  const shown = typeof input === 'string' ? JSON.stringify(input) : describeValue(input);
  return `expected a duration like "500ms", "30s", "2m" or "1m30s", got ${shown}`;
}

/**
 * Formats milliseconds compactly for people: 500ms, 45s, 1m05s, 1h02m03s.
 * Whole seconds print without a fraction; below a second prints milliseconds.
 */
export function formatScenarioDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalS = Math.round(ms / 100) / 10;
  const hours = Math.floor(totalS / 3600);
  const minutes = Math.floor((totalS % 3600) / 60);
  const seconds = Math.round((totalS % 60) * 10) / 10;
  const secText = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
  if (hours > 0) return `${hours}h${pad2(minutes)}m${pad2Text(secText)}s`;
  if (minutes > 0) return `${minutes}m${pad2Text(secText)}s`;
  return `${secText}s`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad2Text(text: string): string {
  return /^\d(?:\.|$)/.test(text) ? `0${text}` : text;
}

/** Short description of any YAML value for messages: strings quoted, maps/lists named. */
export function describeValue(input: unknown): string {
  if (input === null) return 'nothing (null)';
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 37)}...` : input);
  return String(input);
}
