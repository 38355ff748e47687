/**
 * Flows on one worker: the prepared steps of every flow (templates and captures compiled
 * once), the weighted pick of a flow per iteration, the data row per iteration, and each
 * virtual user's place in its flow (by slot id). A step that fails (no response, an
 * unexpected status, a failed capture) ends the iteration: later steps depend on it.
 * Independent requests with a data file run here too, as one-step flows.
 */
import type { DataOrder, FlowSpec, FlowStepSpec, RequestSpec } from '../scenario/types.js';
import { CaptureSet } from './capture.js';
import { DataFeed } from './data-feed.js';
import { templateRefs } from '../scenario/template.js';
import {
  cumulativeWeights,
  distinctRequestNames,
  prepareRequest,
  type PreparedRequest,
  type RequestTableOptions,
} from './request-table.js';

/** A virtual user's values, read by templates and written by captures. */
export type FlowContext = { vars: string[]; data: readonly string[] };

type PreparedStep = { request: PreparedRequest; thinkMinMs: number; thinkMaxMs: number };
/** `usesData`: some step reads `{{data.*}}`; only such iterations take a row. */
type PreparedFlow = { steps: readonly PreparedStep[]; usesData: boolean };
type UserState = { flow: PreparedFlow | undefined; step: number; context: FlowContext };

export type FlowData = {
  rows: readonly (readonly string[])[];
  columns: readonly string[];
  order: DataOrder;
  file: string;
};

export type FlowRunnerOptions = RequestTableOptions & {
  workerIndex: number;
  workerCount: number;
  /** Called once when `unique` data rows run out. */
  onExhausted: (message: string) => void;
};

const NO_ROW: readonly string[] = [];

/** Independent requests as one-step flows (used when a data file feeds them). */
export function requestsAsFlows(requests: readonly RequestSpec[]): FlowSpec[] {
  return requests.map((r) => ({
    name: r.name,
    weight: r.weight,
    steps: [{ ...r, captures: [], think: { minMs: 0, maxMs: 0 } }],
  }));
}

function prepareFlow(
  flow: FlowSpec,
  options: RequestTableOptions,
  columns: readonly string[],
  requestNames: readonly string[],
): PreparedFlow {
  const vars = [...new Set(flow.steps.flatMap((s) => s.captures.map((c) => c.var)))];
  const names = { vars, columns };
  const step = (spec: FlowStepSpec): PreparedStep => {
    const request = prepareRequest(spec, options, names, requestNames.indexOf(spec.name));
    const captures =
      spec.captures.length === 0 ? undefined : new CaptureSet(spec.captures, (name) => vars.indexOf(name));
    return {
      request: captures === undefined ? request : { ...request, capture: captures },
      thinkMinMs: spec.think.minMs,
      thinkMaxMs: spec.think.maxMs,
    };
  };
  const usesData = flow.steps.some((s) =>
    [s.path, s.body ?? '', ...Object.values(s.headers)].some((t) => templateRefs(t).data.length > 0),
  );
  return { steps: flow.steps.map(step), usesData };
}

export class FlowRunner {
  /** Distinct step names over all flows: the per-request counters' slots (engine/worker-core.ts). */
  readonly names: readonly string[];
  readonly #flows: readonly PreparedFlow[];
  readonly #cumulative: Float64Array;
  readonly #total: number;
  readonly #users: UserState[] = [];
  readonly #feed: DataFeed | undefined;
  readonly #varCount: number;
  readonly #options: FlowRunnerOptions;
  readonly #data: FlowData | undefined;
  #exhausted = false;

  constructor(flows: readonly FlowSpec[], data: FlowData | undefined, options: FlowRunnerOptions) {
    if (flows.length === 0) throw new RangeError('a scenario needs at least one flow');
    this.names = distinctRequestNames(flows.flatMap((f) => f.steps));
    this.#flows = flows.map((f) => prepareFlow(f, options, data?.columns ?? [], this.names));
    this.#cumulative = cumulativeWeights(flows);
    this.#total = this.#cumulative[flows.length - 1]!;
    this.#varCount = flows.reduce(
      (most, f) => Math.max(most, new Set(f.steps.flatMap((s) => s.captures.map((c) => c.var))).size),
      0,
    );
    this.#data = data;
    this.#feed =
      data === undefined
        ? undefined
        : new DataFeed(data.rows, data.order, options.workerIndex, options.workerCount, options.random);
    this.#options = options;
  }

  #user(id: number): UserState {
    let user = this.#users[id];
    if (user === undefined) {
      user = { flow: undefined, step: 0, context: { vars: new Array<string>(this.#varCount).fill(''), data: NO_ROW } };
      this.#users[id] = user;
    }
    return user;
  }

  /** User `id`'s current request, starting an iteration if none is under way; undefined when rows ran out. */
  next(id: number): PreparedRequest | undefined {
    const user = this.#user(id);
    if (user.flow === undefined && !this.#begin(user)) return undefined;
    return user.flow!.steps[user.step]!.request;
  }

  #begin(user: UserState): boolean {
    const flow = this.#pick();
    if (this.#feed !== undefined && flow.usesData) {
      const row = this.#feed.next();
      if (row === undefined) {
        this.#exhaust();
        return false;
      }
      user.context.data = row;
    }
    user.context.vars.fill('');
    user.flow = flow;
    user.step = 0;
    return true;
  }

  #exhaust(): void {
    if (this.#exhausted) return;
    this.#exhausted = true;
    const data = this.#data;
    this.#options.onExhausted(
      `data file ${data?.file ?? ''}: all ${data?.rows.length ?? 0} rows were used once (order: unique); the run stops`,
    );
  }

  #pick(): PreparedFlow {
    const flows = this.#flows;
    if (flows.length === 1) return flows[0]!;
    const u = this.#options.random() * this.#total;
    for (let i = 0; i < this.#cumulative.length; i++) if (u < this.#cumulative[i]!) return flows[i]!;
    return flows[flows.length - 1]!;
  }

  /** User `id`'s values (templates read them, captures write them). */
  context(id: number): FlowContext {
    return this.#user(id).context;
  }

  /**
   * User `id`'s step finished (`ok`: expected status and every capture found). Returns the
   * step's think time; the iteration goes on only after an ok step that is not the last.
   */
  after(id: number, ok: boolean): number {
    const user = this.#user(id);
    const step = user.flow?.steps[user.step];
    if (step === undefined) return 0;
    user.step++;
    if (!ok || user.step >= user.flow!.steps.length) user.flow = undefined;
    if (!ok || step.thinkMaxMs <= 0) return 0;
    return step.thinkMinMs + (step.thinkMaxMs - step.thinkMinMs) * this.#options.random();
  }

  /** True while user `id` is inside an iteration (more steps follow). */
  inIteration(id: number): boolean {
    return this.#users[id]?.flow !== undefined;
  }

  /** Abandons user `id`'s iteration (the user was retired mid-flow). */
  reset(id: number): void {
    const user = this.#users[id];
    if (user !== undefined) user.flow = undefined;
  }
}
