/**
 * A parser for the Prometheus text exposition format (version 0.0.4, and the OpenMetrics
 * subset Prometheus servers emit), strict enough to tell an exporter from an HTML error page.
 * Pure: text in, samples out.
 *
 *   line    := "# TYPE" name type | "# HELP" name text | "#" comment | sample | blank
 *   sample  := name [ "{" label ( "," label )* [","] "}" ] value [ timestamp ]
 *   label   := name "=" '"' escaped-text '"'       (escapes: \\  \"  \n)
 *   value   := float | "+Inf" | "-Inf" | "NaN"
 *
 * Hand-written rather than the `parse-prometheus-text-format` package (removed): that
 * parser is lenient by design (prom2json-compatible) and turns an HTML error page into a
 * metric (`<html><body>502 Bad Gateway</body></html>` parses as name "<html><body>502",
 * value "Bad"), keeps values as strings and ships no types; telling an exporter from a
 * proxy's error page is exactly what the probe needs.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export type PromSample = {
  /** The sample's own name (`http_request_duration_seconds_bucket`). */
  name: string;
  /** The family it belongs to (`http_request_duration_seconds`): the TYPE line's name. */
  family: string;
  type: MetricType;
  labels: Readonly<Record<string, string>>;
  value: number;
};

export type ParsedExposition = {
  samples: PromSample[];
  /** Lines that are neither comments, blank, nor valid samples (first few kept, one line each). */
  invalidLines: string[];
  invalidCount: number;
};

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES: ReadonlySet<string> = new Set([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'unknown',
  'gaugehistogram',
  'stateset',
  'info',
]);
const SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];
const KEEP_INVALID = 3;

export function parsePrometheusText(text: string): ParsedExposition {
  const types = new Map<string, MetricType>();
  const samples: PromSample[] = [];
  const invalidLines: string[] = [];
  let invalidCount = 0;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line === '# EOF') continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (type !== null && TYPES.has(type[2]!)) types.set(type[1]!, normalizeType(type[2]!));
      continue;
    }
    const sample = parseSampleLine(line);
    if (sample === undefined) {
      invalidCount++;
      if (invalidLines.length < KEEP_INVALID) invalidLines.push(line.slice(0, 120));
      continue;
    }
    const { family, type } = familyOf(sample.name, types);
    samples.push({ name: sample.name, family, type, labels: sample.labels, value: sample.value });
  }
  return { samples, invalidLines, invalidCount };
}

function normalizeType(type: string): MetricType {
  if (type === 'counter' || type === 'gauge' || type === 'histogram' || type === 'summary') return type;
  if (type === 'gaugehistogram') return 'histogram';
  return type === 'stateset' || type === 'info' ? 'gauge' : 'untyped';
}

/** `foo_bucket` belongs to the histogram `foo` when `foo` was typed; otherwise it is its own family. */
function familyOf(name: string, types: ReadonlyMap<string, MetricType>): { family: string; type: MetricType } {
  const own = types.get(name);
  if (own !== undefined) return { family: name, type: own };
  for (const suffix of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type !== undefined) return { family: base, type };
  }
  return { family: name, type: 'untyped' };
}

/** One sample line, or undefined when it does not follow the grammar. */
export function parseSampleLine(
  line: string,
): { name: string; labels: Record<string, string>; value: number } | undefined {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return undefined;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (parsed === undefined) return undefined;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const fields = rest.trim().split(/\s+/);
  if (!/^\s/.test(rest) || fields.length < 1 || fields.length > 2) return undefined;
  const value = parseValue(fields[0]!);
  if (value === undefined) return undefined;
  if (fields.length === 2 && !/^-?\d+(\.\d+)?$/.test(fields[1]!)) return undefined;
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Parses `{a="x",b="y\"z"}` from the start of `text`; `length` counts through the closing brace. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | undefined {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { labels, length: i + 1 };
    const key = LABEL_NAME.exec(text.slice(i))?.[0];
    if (key === undefined) return undefined;
    i += key.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=') return undefined;
    i++;
    while (text[i] === ' ') i++;
    if (text[i] !== '"') return undefined;
    i++;
    let value = '';
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') {
        i++;
        const c = text[i];
        value += c === 'n' ? '\n' : (c ?? '');
      } else {
        value += text[i];
      }
    }
    if (text[i] !== '"') return undefined;
    i++;
    labels[key] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return undefined;
  }
}
