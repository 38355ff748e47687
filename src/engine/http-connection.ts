/**
 * One connection and the reused handler object of the request on it (the lowest-overhead
 * undici path, DESIGN.md §5: a handler per virtual user calling `dispatch` on its own
 * `Client`; no Promise, closure or object of ours per request). Pipelining 1: a slot has at
 * most one request in flight, so nothing ever queues inside undici.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import { ERROR_KIND_INDEX } from '../metrics/error-kinds.js';
import { ERROR_SAMPLE_CHARS } from '../metrics/window.js';
import type { CaptureSet } from './capture.js';
import { classifyError, classifyErrorIndex, describeError } from './undici-codes.js';
import type { PreparedRequest } from './request-table.js';
import { serverTimingDurationMs } from './server-timing.js';
import type { WorkerCore } from './worker-core.js';

/** Who gets a slot back when its request is done. */
export interface HttpConnectionOwner {
  /** `nowMs`: when the request ended (performance.now()), for a next request sent at once. */
  onConnectionDone(slot: HttpConnection, failed: boolean, nowMs: number): void;
}

/** TLS options for https targets (PEM text, not paths): node:tls connect options. */
export type TlsConnect = { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string; servername?: string };

export type ClientSettings = { origin: string; timeoutMs: number; tls?: TlsConnect | undefined };

/**
 * One keep-alive connection per virtual user: with TLS, one session per user, handshaken once.
 * undici's own headers/body timers are off (0): they tick at ~0.5–1 s, too coarse for short
 * timeouts, and cost a timer refresh per request. The one request timeout is the worker's
 * 100 ms sweep over its slots (`checkTimeout`), counted from the actual send.
 */
export function createClient(settings: ClientSettings): Client {
  return new Client(settings.origin, {
    pipelining: 1,
    allowH2: false,
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: settings.timeoutMs,
    keepAliveTimeout: 30_000,
    ...(settings.tls === undefined ? {} : { connect: { ...settings.tls } }),
  });
}

const CAPTURE_FAILED = ERROR_KIND_INDEX['capture-failed'];
/** The context of a step's templates and captures (engine/flow-runner.ts FlowContext). */
type StepContext = { vars: string[]; data: readonly string[] };
const SERVER_TIMING = Buffer.from('server-timing', 'latin1');

/** Header name is Server-Timing, in any case (compared in place: no string per header name). */
function isServerTiming(name: Buffer): boolean {
  if (name.length !== 13) return false;
  for (let i = 0; i < 13; i++) if ((name[i]! | 0x20) !== SERVER_TIMING[i]) return false;
  return true;
}

export class HttpConnection {
  readonly id: number;
  readonly client: Client;
  readonly #core: WorkerCore;
  readonly #owner: HttpConnectionOwner;
  /** A request is in flight. */
  busy = false;
  /** Closed model: this virtual user runs; `retiring`: stop after the request in flight. */
  active = false;
  retiring = false;
  /** Bound once: used as a timer callback (think time, back-off). */
  readonly resume: () => void;
  #startMs = 0;
  #status = 0;
  #expected = false;
  #bytes = 0;
  #sample: string | null = null;
  #poolMs = NaN;
  #dbMs = NaN;
  #expectedTable: Uint8Array = new Uint8Array(0);
  /** `PreparedRequest.index` of the request in flight (its per-request counters). */
  #requestIndex = 0;
  /** Actual send time (timeouts count from it, latency may not). */
  #sentMs = 0;
  #abort: ((reason: Error) => void) | null = null;
  /** Flow steps: the captures of the request in flight, the user's values, and what they read. */
  #capture: CaptureSet | undefined;
  #context: StepContext | undefined;
  #rawHeaders: Buffer[] | null = null;
  #chunks: Buffer[] | null = null;
  /** The last request got an expected status and every capture found its value. */
  ok = false;

  constructor(
    id: number,
    core: WorkerCore,
    owner: HttpConnectionOwner,
    settings: ClientSettings,
    resume: (slot: HttpConnection) => void,
  ) {
    this.id = id;
    this.#core = core;
    this.#owner = owner;
    this.client = createClient(settings);
    this.resume = () => resume(this);
  }

  /**
   * Sends `request` at `nowMs`; latency is measured from `startMs` (the intended time in the
   * open model). Flow steps pass the virtual user's `context` (templates, captures).
   */
  send(request: PreparedRequest, startMs: number, nowMs: number, context?: StepContext): void {
    const core = this.#core;
    this.busy = true;
    this.#startMs = startMs;
    this.#status = 0;
    this.#bytes = 0;
    this.#sample = null;
    this.#poolMs = NaN;
    this.#dbMs = NaN;
    this.#expected = false;
    this.#expectedTable = request.expected;
    this.#requestIndex = request.index;
    core.countRequestSent(request.index);
    core.inFlight++;
    this.#sentMs = nowMs;
    this.#abort = null;
    this.#capture = request.capture;
    this.#context = context;
    this.#rawHeaders = null;
    this.#chunks = null;
    const options = request.render === undefined ? request.options : request.render(core.nextSeq(), context);
    this.client.dispatch(options, this as unknown as Dispatcher.DispatchHandler);
  }

  onConnect(abort: (reason: Error) => void): void {
    this.#abort = abort;
  }

  /**
   * Aborts the request if it has run longer than `timeoutMs` (checked by the worker every
   * 100 ms: undici's own headers/body timers tick at ~0.5–1 s, too coarse for short timeouts).
   */
  checkTimeout(now: number, timeoutMs: number): void {
    if (!this.busy || this.#abort === null || now - this.#sentMs < timeoutMs) return;
    const abort = this.#abort;
    this.#abort = null;
    const code = this.#status === 0 ? 'UND_ERR_HEADERS_TIMEOUT' : 'UND_ERR_BODY_TIMEOUT';
    abort(
      Object.assign(new Error(`${this.#status === 0 ? 'headers' : 'body'} timeout after ${timeoutMs} ms`), { code }),
    );
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    const core = this.#core;
    this.#status = statusCode;
    this.#expected = this.#expectedTable[statusCode] === 1;
    if (core.serverTimingScans > 0) core.sawServerTiming(this.#readServerTiming(rawHeaders));
    if (!this.#expected && core.recorder.wantsErrorSample()) this.#sample = '';
    const capture = this.#capture;
    if (capture !== undefined && this.#expected) {
      if (capture.needsHeaders) this.#rawHeaders = rawHeaders;
      if (capture.needsBody) this.#chunks = [];
    }
    return true;
  }

  /** Reads `pool` and `db` from a Server-Timing header; true when there was one. */
  #readServerTiming(rawHeaders: Buffer[]): boolean {
    for (let i = 0; i < rawHeaders.length; i += 2) {
      if (!isServerTiming(rawHeaders[i]!)) continue;
      const value = rawHeaders[i + 1]!.toString('latin1');
      this.#poolMs = serverTimingDurationMs(value, 'pool');
      this.#dbMs = serverTimingDurationMs(value, 'db');
      return true;
    }
    return false;
  }

  onData(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    // A copy: undici may hand out views of a buffer it reuses.
    if (this.#chunks !== null) this.#chunks.push(Buffer.from(chunk));
    if (this.#sample !== null && this.#sample.length < ERROR_SAMPLE_CHARS) {
      this.#sample += chunk.toString('utf8', 0, Math.min(chunk.length, ERROR_SAMPLE_CHARS));
    }
    return true;
  }

  onComplete(): void {
    const core = this.#core;
    const now = performance.now();
    if (this.#capture !== undefined && this.#expected && this.#captureFailed(now)) return;
    this.ok = this.#expected;
    core.recordResponse(this.#startMs, this.#status, this.#expected, this.#bytes, now, this.#requestIndex);
    if (!core.cancelled) {
      if (this.#poolMs === this.#poolMs || this.#dbMs === this.#dbMs) {
        core.recorder.recordServerTiming(this.#poolMs, this.#dbMs, this.#expected);
      }
      if (this.#sample !== null) core.recorder.addErrorSample(`http-${this.#status}: ${this.#sample.trim()}`);
    }
    this.busy = false;
    // After captures (flow steps), the next step starts later than the response ended.
    this.#owner.onConnectionDone(this, false, this.#capture === undefined ? now : performance.now());
  }

  /** Runs the step's captures; a failure is recorded as a `capture-failed` error and ends the request. */
  #captureFailed(now: number): boolean {
    const failure = this.#capture!.extract(this.#rawHeaders, this.#chunks, this.#context?.vars ?? []);
    this.#rawHeaders = null;
    this.#chunks = null;
    if (failure === undefined) return false;
    const core = this.#core;
    core.recordFailure(this.#startMs, CAPTURE_FAILED, now);
    if (!core.cancelled) {
      core.recorder.addBytes(this.#bytes);
      if (core.recorder.wantsErrorSample()) core.recorder.addErrorSample(`capture-failed: ${failure}`);
    }
    this.ok = false;
    this.busy = false;
    this.#owner.onConnectionDone(this, true, now);
    return true;
  }

  onError(error: Error): void {
    this.ok = false;
    this.#chunks = null;
    const core = this.#core;
    const now = performance.now();
    // Also when the response had started and then broke: the request failed.
    core.recordFailure(this.#startMs, classifyErrorIndex(error), now, this.#requestIndex);
    if (!core.cancelled && core.recorder.wantsErrorSample())
      core.recorder.addErrorSample(`${classifyError(error)}: ${describeError(error)}`);
    this.busy = false;
    this.#owner.onConnectionDone(this, true, now);
  }

  onUpgrade(): void {
    // Never requested.
  }
}
