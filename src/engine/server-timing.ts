/**
 * Reads `pool;dur=` and `db;dur=` from a Server-Timing header value, cheaply (indexOf, no
 * regex, no arrays). Other metrics are ignored. The header comes from the target, so it is
 * hostile input: a duration that is not a finite number from 0 to one hour (`dur=1e400`,
 * `dur=-5`, `dur=abc`) is MALFORMED: counted, never recorded (an Infinity would be written
 * as `null` and make the record unreadable).
 */

/** Longest duration taken as real, ms (one hour). */
export const MAX_SERVER_TIMING_MS = 3_600_000;

/** Returned for a metric that is present with an unusable duration. */
export const MALFORMED = -1;

/**
 * Duration of metric `name` in a Server-Timing value, ms: NaN when the metric or its `dur`
 * is absent, MALFORMED (-1) when the duration is not a number in [0, MAX_SERVER_TIMING_MS].
 */
export function serverTimingDurationMs(value: string, name: string): number {
  let from = 0;
  for (;;) {
    const at = value.indexOf(name, from);
    if (at < 0) return NaN;
    const before = at === 0 ? ',' : value[at - 1];
    const after = value[at + name.length];
    if (
      (before === ',' || before === ' ') &&
      (after === ';' || after === ',' || after === ' ' || after === undefined)
    ) {
      return durationOf(value, at + name.length, nextStop(value, at, ','));
    }
    from = at + name.length;
  }
}

/** The `dur` parameter of the entry spanning [from, end), ms. */
function durationOf(value: string, from: number, end: number): number {
  let at = value.indexOf('dur=', from);
  while (at >= 0 && at < end && value[at - 1] !== ';' && value[at - 1] !== ' ') at = value.indexOf('dur=', at + 4);
  if (at < 0 || at >= end) return NaN;
  let text = value.slice(at + 4, Math.min(end, nextStop(value, at, ';'))).trim();
  if (text.length >= 2 && text[0] === '"' && text[text.length - 1] === '"') text = text.slice(1, -1);
  const ms = text === '' ? NaN : Number(text);
  return ms >= 0 && ms <= MAX_SERVER_TIMING_MS ? ms : MALFORMED;
}

function nextStop(value: string, from: number, stop: string): number {
  const at = value.indexOf(stop, from);
  return at < 0 ? value.length : at;
}
