/**
 * Percentages in scenario files: `1%`, `0.5%` or a fraction `0.01`. Normalized to a
 * fraction 0..1. A number above 1 is rejected rather than read as a percentage, with a
 * hint ("did you mean "5%"?"), because 5 and 5% differ by a factor of 100.
 */

/** Matches a percentage string: digits, optional decimals, then "%". */
export const PERCENT_PATTERN = /^\d+(?:\.\d+)?%$/;

/** "1%" -> 0.01, 0.25 -> 0.25; undefined for anything else (including values above 100% or 1). */
export function parsePercent(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 && input <= 1 ? input : undefined;
  if (!PERCENT_PATTERN.test(input)) return undefined;
  const value = Number(input.slice(0, -1));
  return value <= 100 ? value / 100 : undefined;
}

/** A one-line explanation of why `input` is not a percentage, for schema messages. */
export function describeBadPercent(input: unknown): string {
  if (typeof input === 'number' && input > 1 && input <= 100) {
    return `expected a percentage like "1%" or a fraction 0..1 like 0.01, got ${input} (did you mean "${input}%"?)`;
  }
  if (typeof input === 'string' && PERCENT_PATTERN.test(input)) {
    return `expected a percentage between 0% and 100%, got ${JSON.stringify(input)}`;
  }
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return `expected a percentage like "1%" or a fraction 0..1 like 0.01, got ${shown}`;
}
