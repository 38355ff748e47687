/**
 * Reads `pool;dur=` and `db;dur=` from a Server-Timing header value, cheaply (indexOf, no
 * regex, no arrays). Other metrics are ignored.
 */

/** Duration of metric `name` in a Server-Timing value, ms; NaN when absent. */
export function serverTimingDurationMs(value: string, name: string): number {
  let from = 0;
  for (;;) {
    const at = value.indexOf(name, from);
    if (at < 0) return NaN;
    const before = at === 0 ? ',' : value[at - 1];
    const after = value[at + name.length];
    if ((before === ',' || before === ' ') && (after === ';' || after === ',' || after === ' ' || after === undefined)) {
      const end = nextComma(value, at);
      const dur = value.indexOf('dur=', at);
      if (dur < 0 || dur > end) return NaN;
      return Number.parseFloat(value.slice(dur + 4, end));
    }
    from = at + name.length;
  }
}

function nextComma(value: string, from: number): number {
  const comma = value.indexOf(',', from);
  return comma < 0 ? value.length : comma;
}
