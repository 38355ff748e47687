/**
 * The JSON paths a flow step may capture by: `$`, then `.name`, `[index]` or `["name"]`
 * segments (`$.token`, `$.items[0].id`, `$["a-b"]`). Parsed once at load time into a list of
 * keys; `selectJsonPath` walks a parsed body along it (no wildcards, no filters: a capture
 * names one value).
 */

export type JsonPath = readonly (string | number)[];

export type JsonPathParse = { ok: true; path: JsonPath } | { ok: false; message: string };

const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/** Parses `$.a.b[0]`; says what is wrong otherwise. */
export function parseJsonPath(text: string): JsonPathParse {
  if (!text.startsWith('$'))
    return { ok: false, message: `a JSON path starts with "$", like "$.token", got ${JSON.stringify(text)}` };
  const path: (string | number)[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    const segment = nextSegment(rest);
    if (segment === undefined)
      return {
        ok: false,
        message:
          `cannot read the JSON path ${JSON.stringify(text)} at ${JSON.stringify(rest)}; ` +
          'use $.name, [0] or ["name"]',
      };
    path.push(segment.key);
    rest = rest.slice(segment.length);
  }
  return { ok: true, path };
}

function nextSegment(rest: string): { key: string | number; length: number } | undefined {
  if (rest.startsWith('.')) {
    const name = NAME.exec(rest.slice(1));
    return name === null ? undefined : { key: name[0], length: 1 + name[0].length };
  }
  const index = /^\[(\d+)\]/.exec(rest);
  if (index !== null) return { key: Number(index[1]), length: index[0].length };
  const quoted = /^\[("(?:[^"\\]|\\.)*"|'[^']*')\]/.exec(rest);
  if (quoted === null) return undefined;
  const literal = quoted[1] ?? '""';
  const key = literal.startsWith("'") ? literal.slice(1, -1) : (JSON.parse(literal) as string);
  return { key, length: quoted[0].length };
}

/** The value at `path` in `root`, or undefined when a segment is missing. */
export function selectJsonPath(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (typeof key === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[key];
    } else {
      if (Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}
