/**
 * Request templates in `path`, `body` and header values: `{{seq}}` (the request's sequence
 * number), `{{uuid}}` (a random v4 UUID), `{{rand A B}}` (a random integer A..B inclusive),
 * `{{vars.NAME}}` (a value captured by an earlier step of a flow) and `{{data.COLUMN}}` (a
 * column of the iteration's data-file row).
 *
 *   template := ( text | "{{" ws* name ( ws+ integer )* ws* "}}" )*
 *
 * Templates are parsed once at load time (`checkTemplate` reports problems with their
 * offset) and compiled once (`compileTemplate`) into either the constant string or a
 * small function for the engine's hot path: no regex and no parsing per request.
 */

/** Draws a uniformly random integer in lo..hi inclusive (the engine passes a seeded source). */
export type RandomInt = (lo: number, hi: number) => number;

/** A virtual user's values: captured variables and its data row, by the indexes of `TemplateNames`. */
export type TemplateContext = { readonly vars: readonly string[]; readonly data: readonly string[] };

/** Variable and column names, in the order of the context's arrays (resolved once at compile time). */
export type TemplateNames = { readonly vars: readonly string[]; readonly columns: readonly string[] };

/** Renders one request's text from its sequence number (and the virtual user's values, in flows). */
export type TemplateFn = (seq: number, randomInt: RandomInt, context?: TemplateContext) => string;

/** A compiled template: the text itself when it holds no placeholders. */
export type CompiledTemplate = string | TemplateFn;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'seq' }
  | { kind: 'uuid' }
  | { kind: 'rand'; lo: number; hi: number }
  | { kind: 'var'; name: string }
  | { kind: 'data'; name: string };

export type TemplateParse =
  { ok: true; parts: readonly Part[]; templated: boolean } | { ok: false; message: string; offset: number };

const INTEGER = /^-?\d+$/;
/** A variable or column name after `vars.` / `data.`. */
export const TEMPLATE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const USAGE = 'use {{seq}}, {{uuid}}, {{rand A B}}, {{vars.NAME}} or {{data.COLUMN}}';

/** Splits a template into text and placeholders, or says what is wrong and where (0-based offset). */
export function parseTemplate(text: string): TemplateParse {
  const parts: Part[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    if (open > cursor) parts.push({ kind: 'text', text: text.slice(cursor, open) });
    const close = text.indexOf('}}', open + 2);
    if (close < 0)
      return { ok: false, message: `unclosed template "${text.slice(open, open + 20)}": expected "}}"`, offset: open };
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
  const usage = USAGE;
  const scoped = /^(vars|data)\.(.*)$/.exec(name);
  if (scoped !== null) {
    const [, scope = '', key = ''] = scoped;
    if (args.length > 0 || !TEMPLATE_NAME.test(key)) {
      return `{{${scope}.NAME}} needs one name of letters, digits, "_" or "-", got "{{${inner}}}"`;
    }
    return scope === 'vars' ? { kind: 'var', name: key } : { kind: 'data', name: key };
  }
  if (name === 'seq' || name === 'uuid') {
    return args.length === 0 ? { kind: name } : `{{${name}}} takes no arguments, got "{{${inner}}}"`;
  }
  if (name !== 'rand') return `unknown template "{{${inner}}}"; ${usage}`;
  if (args.length !== 2 || !args.every((a) => INTEGER.test(a))) {
    return `{{rand A B}} needs two integers, got "{{${inner}}}"`;
  }
  const lo = Number(args[0]);
  const hi = Number(args[1]);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi))
    return `{{rand A B}} bounds are too large in "{{${inner}}}"`;
  if (lo > hi) return `{{rand A B}} needs A <= B, got "{{${inner}}}"`;
  return { kind: 'rand', lo, hi };
}

/** Problem message for a template, or undefined when it is fine (used by the scenario rules). */
export function checkTemplate(text: string): string | undefined {
  const parsed = parseTemplate(text);
  return parsed.ok ? undefined : parsed.message;
}

/** The variables and data columns a well-formed template uses (empty for a malformed one). */
export function templateRefs(text: string): { vars: string[]; data: string[] } {
  const parsed = parseTemplate(text);
  const refs = { vars: [] as string[], data: [] as string[] };
  if (!parsed.ok) return refs;
  for (const part of parsed.parts) {
    if (part.kind === 'var') refs.vars.push(part.name);
    else if (part.kind === 'data') refs.data.push(part.name);
  }
  return refs;
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
export function compileTemplate(text: string, names?: TemplateNames): CompiledTemplate {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(`invalid template: ${parsed.message}`);
  if (!parsed.templated) return text;
  const kinds = parsed.parts.map((p) => KIND_CODE[p.kind]);
  const texts = parsed.parts.map((p) => (p.kind === 'text' ? p.text : ''));
  // rand: the low bound; vars/data: the index into the context's array.
  const los = parsed.parts.map((p) => {
    if (p.kind === 'rand') return p.lo;
    return p.kind === 'var' || p.kind === 'data' ? indexOfName(p, names) : 0;
  });
  const his = parsed.parts.map((p) => (p.kind === 'rand' ? p.hi : 0));
  const count = kinds.length;
  return (seq, randomInt, context) => {
    let out = '';
    for (let i = 0; i < count; i++) {
      switch (kinds[i]) {
        case 0:
          out += texts[i];
          break;
        case 1:
          out += seq;
          break;
        case 2:
          out += uuidV4(randomInt);
          break;
        case 4:
          out += context?.vars[los[i] ?? 0] ?? '';
          break;
        case 5:
          out += context?.data[los[i] ?? 0] ?? '';
          break;
        default:
          out += randomInt(los[i] ?? 0, his[i] ?? 0);
      }
    }
    return out;
  };
}

/** Index of a variable or column in the context's arrays; the rules have checked that it exists. */
function indexOfName(part: { kind: 'var' | 'data'; name: string }, names: TemplateNames | undefined): number {
  const list = part.kind === 'var' ? names?.vars : names?.columns;
  const index = list?.indexOf(part.name) ?? -1;
  const scope = part.kind === 'var' ? 'vars' : 'data';
  if (index < 0) throw new Error(`invalid template: {{${scope}.${part.name}}} is not defined here`);
  return index;
}

const KIND_CODE = { text: 0, seq: 1, uuid: 2, rand: 3, var: 4, data: 5 } as const;

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** RFC 4122 version 4 UUID from eight 16-bit random draws (version and variant bits set). */
export function uuidV4(randomInt: RandomInt): string {
  const r = (): number => randomInt(0, 0xffff);
  return (
    `${hex4(r())}${hex4(r())}-${hex4(r())}-${hex4(0x4000 | (r() & 0x0fff))}-` +
    `${hex4(0x8000 | (r() & 0x3fff))}-${hex4(r())}${hex4(r())}${hex4(r())}`
  );
}
