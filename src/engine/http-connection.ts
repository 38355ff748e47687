/**
 * One connection and the reused handler object of the request on it (the lowest-overhead
 * undici path, DESIGN.md §5: a handler per virtual user calling `dispatch` on its own
 * `Client`; no Promise, closure or object of ours per request). Pipelining 1: a slot has at
 * most one request in flight, so nothing ever queues inside undici.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import { ERROR_SAMPLE_CHARS } from '../metrics/window.js';
import { classifyError, classifyErrorIndex, describeError } from './undici-codes.js';
import type { PreparedRequest } from './request-table.js';
import { serverTimingDurationMs } from './server-timing.js';
import type { WorkerCore } from './worker-core.js';

/** Who gets a slot back when its request is done. */
export interface HttpConnectionOwner {
  onConnectionDone(slot: HttpConnection, failed: boolean): void;
}

export type ClientSettings = { origin: string; timeoutMs: number };

export function createClient(settings: ClientSettings): Client {
  return new Client(settings.origin, {
    pipelining: 1,
    allowH2: false,
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    keepAliveTimeout: 30_000,
  });
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

  constructor(id: number, core: WorkerCore, owner: HttpConnectionOwner, settings: ClientSettings, resume: (slot: HttpConnection) => void) {
    this.id = id;
    this.#core = core;
    this.#owner = owner;
    this.client = createClient(settings);
    this.resume = () => resume(this);
  }

  /** Sends `request` at `nowMs`; latency is measured from `startMs` (the intended time in the open model). */
  send(request: PreparedRequest, startMs: number, nowMs: number): void {
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
    const options = request.render === undefined ? request.options : request.render(core.nextSeq());
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
    abort(Object.assign(new Error(`${this.#status === 0 ? 'headers' : 'body'} timeout after ${timeoutMs} ms`), { code }));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    this.#expected = this.#expectedTable[statusCode] === 1;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length === 13 && name.toString('latin1').toLowerCase() === 'server-timing') {
        const value = rawHeaders[i + 1]!.toString('latin1');
        this.#poolMs = serverTimingDurationMs(value, 'pool');
        this.#dbMs = serverTimingDurationMs(value, 'db');
      }
    }
    if (!this.#expected && this.#core.recorder.wantsErrorSample()) this.#sample = '';
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#sample !== null && this.#sample.length < ERROR_SAMPLE_CHARS) {
      this.#sample += chunk.toString('utf8', 0, Math.min(chunk.length, ERROR_SAMPLE_CHARS));
    }
    return true;
  }

  onComplete(): void {
    const core = this.#core;
    const now = performance.now();
    core.recordResponse(this.#startMs, this.#status, this.#expected, this.#bytes, now, this.#requestIndex);
    if (!core.cancelled) {
      if (this.#poolMs === this.#poolMs || this.#dbMs === this.#dbMs) core.recorder.recordServerTiming(this.#poolMs, this.#dbMs);
      if (this.#sample !== null) core.recorder.addErrorSample(`http-${this.#status}: ${this.#sample.trim()}`);
    }
    this.busy = false;
    this.#owner.onConnectionDone(this, false);
  }

  onError(error: Error): void {
    const core = this.#core;
    const now = performance.now();
    // Also when the response had started and then broke: the request failed.
    core.recordFailure(this.#startMs, classifyErrorIndex(error), now, this.#requestIndex);
    if (!core.cancelled && core.recorder.wantsErrorSample()) core.recorder.addErrorSample(`${classifyError(error)}: ${describeError(error)}`);
    this.busy = false;
    this.#owner.onConnectionDone(this, true);
  }

  onUpgrade(): void {
    // Never requested.
  }
}
