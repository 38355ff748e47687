/**
 * The smallest and largest of any number of values. `Math.min(...values)` passes every value
 * as an argument and overflows the stack from about 100,000 of them (a day of one-second
 * windows); these loop instead, with Math.min/max's answers for empty input and NaN.
 * Part of the numeric leaf; lint forbids spreading into Math.min/max anywhere.
 */

/** The smallest value; `Infinity` for none (as Math.min()), NaN if any is NaN. */
export function minOf(values: Iterable<number>, start = Infinity): number {
  let m = start;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    if (v < m) m = v;
  }
  return m;
}

/** The largest value; `-Infinity` for none (as Math.max()), NaN if any is NaN. */
export function maxOf(values: Iterable<number>, start = -Infinity): number {
  let m = start;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    if (v > m) m = v;
  }
  return m;
}
