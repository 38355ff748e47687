/**
 * Requests built once per worker: method, path, header array and body buffer ready for
 * undici's `dispatch`, reused for every request; only templated requests are rendered per
 * request. `pick()` chooses one by weight from a cumulative table with a seeded PRNG.
 */
import type { Dispatcher } from 'undici';
import type { RequestSpec } from '../scenario/types.js';
import type { CaptureSet } from './capture.js';
import type { CompiledText, TemplateCompiler, TemplateContext, TemplateNames } from './templates.js';

/** Every three-digit status code (HTTP parsers accept 100-999). */
const STATUS_SLOTS = 1000;

export type PreparedRequest = {
  name: string;
  /** Position of `name` in `RequestTable.names`: where its per-request counters live. */
  index: number;
  /** Reused for every request when not templated. */
  options: Dispatcher.DispatchOptions;
  /** expected[status] === 1 for statuses that count as success. */
  expected: Uint8Array;
  /** Renders options for request number `seq` (templated requests only; flows pass the user's values). */
  render: ((seq: number, context?: TemplateContext) => Dispatcher.DispatchOptions) | undefined;
  /** Flow steps only: values to take from the response (engine/capture.ts). */
  capture?: CaptureSet | undefined;
};

export type RequestTableOptions = {
  basePath: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  compile: TemplateCompiler | undefined;
  /** Uniform float in [0, 1) (seeded). */
  random: () => number;
};

export function headerArray(base: Readonly<Record<string, string>>, own: Readonly<Record<string, string>>): string[] {
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(base)) merged.set(k.toLowerCase(), v);
  for (const [k, v] of Object.entries(own)) merged.set(k.toLowerCase(), v);
  return [...merged].flat();
}

function joinPath(basePath: string, path: string): string {
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Builds a request once; `names` resolves `{{vars.X}}` / `{{data.C}}` (flows and data files);
 * `index` is the request name's slot in the per-request counters (engine/worker-core.ts).
 */
export function prepareRequest(
  spec: RequestSpec,
  options: RequestTableOptions,
  names?: TemplateNames,
  index = 0,
): PreparedRequest {
  const expected = new Uint8Array(STATUS_SLOTS);
  for (const code of spec.expectStatus) if (code >= 0 && code < STATUS_SLOTS) expected[code] = 1;
  const base: Dispatcher.DispatchOptions = {
    path: joinPath(options.basePath, spec.path),
    method: spec.method.toUpperCase() as Dispatcher.HttpMethod,
    headers: headerArray(options.headers, spec.headers),
    body: spec.body === undefined ? null : Buffer.from(spec.body),
    // The worker's sweep times requests out (engine/slot.ts createClient); undici's timers are off.
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  let render: PreparedRequest['render'];
  if (spec.templated && options.compile !== undefined) {
    const compile = options.compile;
    const path = compile(base.path, names);
    const body = spec.body === undefined ? undefined : compile(spec.body, names);
    const baseHeaders = headerArray(options.headers, spec.headers);
    // Only the request's own header values are templates (target.headers are sent as written).
    const own = new Set(Object.keys(spec.headers).map((k) => k.toLowerCase()));
    const isOwnValue = (i: number): boolean => i % 2 === 1 && own.has(baseHeaders[i - 1] ?? '');
    const headers = baseHeaders.map((h, i) => (isOwnValue(i) ? compile(h, names) : h));
    const headersTemplated = headers.some((h) => typeof h !== 'string');
    const randomInt = (min: number, max: number): number => min + Math.floor(options.random() * (max - min + 1));
    const text = (compiled: CompiledText, seq: number, context: TemplateContext | undefined): string =>
      typeof compiled === 'string' ? compiled : compiled(seq, randomInt, context);
    render = (seq, context) => ({
      ...base,
      path: text(path, seq, context),
      body: body === undefined ? null : Buffer.from(text(body, seq, context)),
      headers: headersTemplated ? headers.map((h) => text(h, seq, context)) : baseHeaders,
    });
  }
  return { name: spec.name, index, options: base, expected, render };
}

/** Distinct request names, in scenario order (two requests may share a name: one counter set). */
export function distinctRequestNames(specs: readonly { name: string }[]): string[] {
  return [...new Set(specs.map((s) => s.name))];
}

/** Running sums of the weights (negative ones count 0), for a pick by weight; the last is the total. */
export function cumulativeWeights(items: readonly { weight: number }[]): Float64Array {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, i) => {
    total += Math.max(0, item.weight);
    cumulative[i] = total;
  });
  return cumulative;
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
    const names = distinctRequestNames(specs);
    this.names = names;
    this.#requests = specs.map((s) => prepareRequest(s, options, undefined, names.indexOf(s.name)));
    this.#cumulative = cumulativeWeights(specs);
    this.#total = this.#cumulative[specs.length - 1]!;
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
