/**
 * Requests built once per worker: method, path, header array and body buffer ready for
 * undici's `dispatch`, reused for every request; only templated requests are rendered per
 * request. `pick()` chooses one by weight from a cumulative table with a seeded PRNG.
 */
import type { Dispatcher } from 'undici';
import type { RequestSpec } from '../scenario/types.js';
import type { CompiledText, TemplateCompiler } from './templates.js';

const STATUS_SLOTS = 600;

export type PreparedRequest = {
  name: string;
  /** Position of `name` in `RequestTable.names`: where its per-request counters live. */
  index: number;
  /** Reused for every request when not templated. */
  options: Dispatcher.DispatchOptions;
  /** expected[status] === 1 for statuses that count as success. */
  expected: Uint8Array;
  /** Renders options for request number `seq` (templated requests only). */
  render: ((seq: number) => Dispatcher.DispatchOptions) | undefined;
};

export type RequestTableOptions = {
  basePath: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  compile: TemplateCompiler | undefined;
  /** Uniform float in [0, 1) (seeded). */
  random: () => number;
};

function headerArray(base: Readonly<Record<string, string>>, own: Readonly<Record<string, string>>): string[] {
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(base)) merged.set(k.toLowerCase(), v);
  for (const [k, v] of Object.entries(own)) merged.set(k.toLowerCase(), v);
  return [...merged].flat();
}

function joinPath(basePath: string, path: string): string {
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

function prepare(spec: RequestSpec, index: number, options: RequestTableOptions): PreparedRequest {
  const expected = new Uint8Array(STATUS_SLOTS);
  for (const code of spec.expectStatus) if (code >= 0 && code < STATUS_SLOTS) expected[code] = 1;
  const base: Dispatcher.DispatchOptions = {
    path: joinPath(options.basePath, spec.path),
    method: spec.method.toUpperCase() as Dispatcher.HttpMethod,
    headers: headerArray(options.headers, spec.headers),
    body: spec.body === undefined ? null : Buffer.from(spec.body),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  };
  let render: PreparedRequest['render'];
  if (spec.templated && options.compile !== undefined) {
    const path = options.compile(base.path);
    const body = spec.body === undefined ? undefined : options.compile(spec.body);
    const randomInt = (min: number, max: number): number => min + Math.floor(options.random() * (max - min + 1));
    const text = (compiled: CompiledText, seq: number): string => (typeof compiled === 'string' ? compiled : compiled(seq, randomInt));
    render = (seq) => ({ ...base, path: text(path, seq), body: body === undefined ? null : Buffer.from(text(body, seq)) });
  }
  return { name: spec.name, index, options: base, expected, render };
}

export class RequestTable {
  readonly #requests: PreparedRequest[];
  /** Distinct request names, in scenario order (two requests may share a name: one counter set). */
  readonly names: readonly string[];
  readonly #cumulative: Float64Array;
  readonly #total: number;
  readonly #random: () => number;

  constructor(specs: readonly RequestSpec[], options: RequestTableOptions) {
    if (specs.length === 0) throw new RangeError('a scenario needs at least one request');
    const names = [...new Set(specs.map((s) => s.name))];
    this.names = names;
    this.#requests = specs.map((s) => prepare(s, names.indexOf(s.name), options));
    this.#cumulative = new Float64Array(specs.length);
    let total = 0;
    specs.forEach((s, i) => {
      total += Math.max(0, s.weight);
      this.#cumulative[i] = total;
    });
    this.#total = total;
    this.#random = options.random;
  }

  /** A request chosen by weight (no allocation). */
  pick(): PreparedRequest {
    const requests = this.#requests;
    if (requests.length === 1) return requests[0]!;
    const u = this.#random() * this.#total;
    const cumulative = this.#cumulative;
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return requests[i]!;
    return requests[requests.length - 1]!;
  }
}
