/**
 * Captures of one flow step, compiled once: which parts of the response they need (a step
 * without a JSON or regex capture never buffers the body), and `extract`, which fills the
 * virtual user's variables from a finished response. A value that is missing or empty fails
 * the capture: a later step must never be sent with an empty token.
 */
import type { CaptureSpec } from '../scenario/types.js';
import { selectJsonPath, type JsonPath } from '../scenario/json-path.js';

type Compiled =
  | { index: number; kind: 'json'; path: JsonPath; label: string }
  | { index: number; kind: 'header'; header: string; label: string }
  | { index: number; kind: 'regex'; regex: RegExp; fromHeaders: boolean; label: string };

export class CaptureSet {
  readonly needsBody: boolean;
  readonly needsHeaders: boolean;
  readonly #captures: readonly Compiled[];

  /** `varIndex` maps a variable name to its slot in the user's `vars` array. */
  constructor(specs: readonly CaptureSpec[], varIndex: (name: string) => number) {
    this.#captures = specs.map((spec) => compile(spec, varIndex(spec.var)));
    this.needsBody = this.#captures.some((c) => c.kind === 'json' || (c.kind === 'regex' && !c.fromHeaders));
    this.needsHeaders = this.#captures.some((c) => c.kind === 'header' || (c.kind === 'regex' && c.fromHeaders));
  }

  /** Fills `vars`; returns undefined when every capture found a value, else what failed (no response text). */
  extract(rawHeaders: readonly Buffer[] | null, chunks: readonly Buffer[] | null, vars: string[]): string | undefined {
    const body = chunks === null ? '' : Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    let parsed = false;
    for (const capture of this.#captures) {
      let value: string | undefined;
      if (capture.kind === 'json') {
        if (!parsed) {
          parsed = true;
          json = parseJson(body);
        }
        value = stringValue(selectJsonPath(json, capture.path));
      } else if (capture.kind === 'header') {
        value = headerValue(rawHeaders, capture.header);
      } else {
        const match = capture.regex.exec(capture.fromHeaders ? headerText(rawHeaders) : body);
        value = match === null ? undefined : (match[1] ?? match[0]);
      }
      if (value === undefined || value === '') return `${capture.label}: no value in the response`;
      vars[capture.index] = value;
    }
    return undefined;
  }
}

function compile(spec: CaptureSpec, index: number): Compiled {
  if (spec.kind === 'json') return { index, kind: 'json', path: spec.path, label: `${spec.var} (${spec.source})` };
  if (spec.kind === 'header')
    return { index, kind: 'header', header: spec.header, label: `${spec.var} (header ${spec.header})` };
  return {
    index,
    kind: 'regex',
    regex: new RegExp(spec.pattern),
    fromHeaders: spec.from === 'headers',
    label: `${spec.var} (regex on ${spec.from})`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function headerValue(rawHeaders: readonly Buffer[] | null, name: string): string | undefined {
  if (rawHeaders === null) return undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toString('latin1').toLowerCase() === name) return rawHeaders[i + 1]!.toString('latin1');
  }
  return undefined;
}

function headerText(rawHeaders: readonly Buffer[] | null): string {
  if (rawHeaders === null) return '';
  let text = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    text += `${rawHeaders[i]!.toString('latin1')}: ${rawHeaders[i + 1]!.toString('latin1')}\n`;
  return text;
}
