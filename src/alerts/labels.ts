/**
 * Label sets for synthesized series: a selector's equality matchers become the series'
 * labels. A regex or negative matcher names no one series, so it cannot be synthesized.
 */
import { UsageError } from '../errors.js';
import { selectorBody } from './promql.js';

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Splits `a="x", b="y,z"` at the commas outside quotes. */
function splitMatchers(body: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

export function equalityLabels(body: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of splitMatchers(body)) {
    const m = MATCHER.exec(part);
    if (m === null) throw new UsageError(`not a label matcher: "${part.trim()}"`);
    if (m[2] !== '=')
      throw new UsageError(`--tests needs equality matchers (name="value") to synthesize series; got "${part.trim()}"`);
    labels[m[1]!] = m[3]!;
  }
  return labels;
}

/** `name{labels}` in promtool's series notation, for a metric given as `name` or `name{...}`. */
export function seriesName(metric: string, selector: string, extra: Record<string, string> = {}): string {
  const open = metric.indexOf('{');
  const name = open < 0 ? metric.trim() : metric.slice(0, open).trim();
  const own = open < 0 ? {} : equalityLabels(metric.trim().slice(open + 1, -1));
  const labels = { ...own, ...equalityLabels(selectorBody(selector)), ...extra };
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return body === '' ? name : `${name}{${body}}`;
}
