/**
 * Request templates in `path` and `body`: `{{seq}}` (the request's sequence number),
 * `{{uuid}}` (a random v4 UUID) and `{{rand A B}}` (a random integer A..B inclusive).
 *
 *   template := ( text | "{{" ws* name ( ws+ integer )* ws* "}}" )*
 *
 * Templates are parsed once at load time (`checkTemplate` reports problems with their
 * offset) and compiled once (`compileTemplate`) into either the constant string or a
 * small function for the engine's hot path: no regex and no parsing per request.
 */

/** Draws a uniformly random integer in lo..hi inclusive (the engine passes a seeded source). */
export type RandomInt = (lo: number, hi: number) => number;

/** Renders one request's text from its sequence number. */
export type TemplateFn = (seq: number, randomInt: RandomInt) => string;

/** A compiled template: the text itself when it holds no placeholders. */
export type CompiledTemplate = string | TemplateFn;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'seq' }
  | { kind: 'uuid' }
  | { kind: 'rand'; lo: number; hi: number };

export type TemplateParse =
  | { ok: true; parts: readonly Part[]; templated: boolean }
  | { ok: false; message: string; offset: number };

const INTEGER = /^-?\d+$/;

/** Splits a template into text and placeholders, or says what is wrong and where (0-based offset). */
export function parseTemplate(text: string): TemplateParse {
  const parts: Part[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, message: `unclosed template "${text.slice(open, open + 20)}": expected "}}"`, offset: open };
    const part = parsePlaceholder(text.slice(open + 2, close).trim());
    if (typeof part === 'string') return { ok: false, message: part, offset: open };
    parts.push(part);
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return { ok: true, parts, templated: parts.some((p) => p.kind !== 'text') };
}

function parsePlaceholder(inner: string): Part | string {
  const [name = '', ...args] = inner.split(/\s+/).filter((w) => w !== '');
  const usage = 'use {{seq}}, {{uuid}} or {{rand A B}}';
  if (name === 'seq' || name === 'uuid') {
    return args.length === 0 ? { kind: name } : `{{${name}}} takes no arguments, got "{{${inner}}}"`;
  }
  if (name !== 'rand') return `unknown template "{{${inner}}}"; ${usage}`;
  if (args.length !== 2 || !args.every((a) => INTEGER.test(a))) {
    return `{{rand A B}} needs two integers, got "{{${inner}}}"`;
  }
  const lo = Number(args[0]);
  const hi = Number(args[1]);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) return `{{rand A B}} bounds are too large in "{{${inner}}}"`;
  if (lo > hi) return `{{rand A B}} needs A <= B, got "{{${inner}}}"`;
  return { kind: 'rand', lo, hi };
}

/** Problem message for a template, or undefined when it is fine (used by the scenario rules). */
export function checkTemplate(text: string): string | undefined {
  const parsed = parseTemplate(text);
  return parsed.ok ? undefined : parsed.message;
}

/** True when the text holds at least one well-formed placeholder. */
export function isTemplated(text: string): boolean {
  const parsed = parseTemplate(text);
  return parsed.ok && parsed.templated;
}

/**
 * Compiles a checked template once. Returns the text itself when it has no placeholders,
 * otherwise a function that concatenates precomputed parts. Throws on a malformed
 * template (the loader has already rejected those with positions).
 */
export function compileTemplate(text: string): CompiledTemplate {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(`invalid template: ${parsed.message}`);
  if (!parsed.templated) return text;
  const kinds = parsed.parts.map((p) => KIND_CODE[p.kind]);
  const texts = parsed.parts.map((p) => (p.kind === 'text' ? p.text : ''));
  const los = parsed.parts.map((p) => (p.kind === 'rand' ? p.lo : 0));
  const his = parsed.parts.map((p) => (p.kind === 'rand' ? p.hi : 0));
  const count = kinds.length;
  return (seq, randomInt) => {
    let out = '';
    for (let i = 0; i < count; i++) {
      switch (kinds[i]) {
        case 0: out += texts[i]; break;
        case 1: out += seq; break;
        case 2: out += uuidV4(randomInt); break;
        default: out += randomInt(los[i] ?? 0, his[i] ?? 0);
      }
    }
    return out;
  };
}

const KIND_CODE = { text: 0, seq: 1, uuid: 2, rand: 3 } as const;

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** RFC 4122 version 4 UUID from eight 16-bit random draws (version and variant bits set). */
export function uuidV4(randomInt: RandomInt): string {
  const r = (): number => randomInt(0, 0xffff);
  return `${hex4(r())}${hex4(r())}-${hex4(r())}-${hex4(0x4000 | (r() & 0x0fff))}-${hex4(0x8000 | (r() & 0x3fff))}-${hex4(r())}${hex4(r())}${hex4(r())}`;
}
