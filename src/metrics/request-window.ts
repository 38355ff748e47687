/**
 * Per-request-name recording of one window, beside `WindowRecorder`: for each name fixed
 * latency counts in the HDR layout and typed-array counters, addressed by the request's index in the worker's
 * request table (an array index on the hot path, never a lookup by string). Memory is fixed
 * by the number of names; `snapshot()` turns the window into plain data and resets it.
 */
import { ERROR_KINDS, httpErrorKind } from './error-kinds.js';
import { LatencyCounts } from './latency-counts.js';
import type { RequestCounts } from './types.js';

const STATUS_SLOTS = 600;
// counters per name: sent, ok, errors
const COUNTERS = 3;

/**
 * Per-request results are kept for at most this many distinct request names: each name costs a
 * histogram per window and per step, and a scenario of thousands of generated names would
 * make records (and memory) grow with them. Beyond it only the all-requests results are kept.
 */
export const MAX_REQUEST_NAMES = 100;

export class RequestWindow {
  readonly names: readonly string[];
  readonly #latency: LatencyCounts[];
  readonly #counts: Uint32Array;
  readonly #bytes: Float64Array;
  readonly #status: Uint32Array;
  readonly #httpErrors: Uint32Array;
  readonly #kinds: Uint32Array;
  /** Every counter array above, zeroed together when a window opens. */
  readonly #tallies: readonly (Uint32Array | Float64Array)[];

  constructor(names: readonly string[]) {
    this.names = names;
    this.#latency = names.map(() => new LatencyCounts());
    this.#counts = new Uint32Array(names.length * COUNTERS);
    this.#bytes = new Float64Array(names.length);
    this.#status = new Uint32Array(names.length * STATUS_SLOTS);
    this.#httpErrors = new Uint32Array(names.length * STATUS_SLOTS);
    this.#kinds = new Uint32Array(names.length * ERROR_KINDS.length);
    this.#tallies = [this.#counts, this.#bytes, this.#status, this.#httpErrors, this.#kinds];
  }

  countSent(index: number): void {
    this.#counts[index * COUNTERS]!++;
  }

  /** A response with an expected status. */
  recordOk(index: number, latencyUs: number, statusCode: number): void {
    this.#counts[index * COUNTERS + 1]!++;
    this.#status[index * STATUS_SLOTS + (statusCode < STATUS_SLOTS ? statusCode : 0)]!++;
    this.#latency[index]!.record(latencyUs);
  }

  /** A response with an unexpected status: an error of kind `http-<code>`. */
  recordHttpError(index: number, statusCode: number): void {
    const slot = index * STATUS_SLOTS + (statusCode < STATUS_SLOTS ? statusCode : 0);
    this.#status[slot]!++;
    this.#httpErrors[slot]!++;
    this.#counts[index * COUNTERS + 2]!++;
  }

  /** A failed request of a fixed kind (index into ERROR_KINDS). */
  recordError(index: number, kindIndex: number): void {
    this.#kinds[index * ERROR_KINDS.length + kindIndex]!++;
    this.#counts[index * COUNTERS + 2]!++;
  }

  addBytes(index: number, bytes: number): void {
    this.#bytes[index]! += bytes;
  }

  /** The counters and histogram of every name with activity in the window, as plain data; resets them. */
  snapshot(): Record<string, RequestCounts> {
    const out: Record<string, RequestCounts> = {};
    // Only names with activity in this window: a scenario of thousands of requests would
    // otherwise write thousands of empty entries per window (an absent name counts zero).
    this.names.forEach((name, i) => {
      const c = this.#counts;
      if (c[i * COUNTERS]! + c[i * COUNTERS + 1]! + c[i * COUNTERS + 2]! > 0) out[name] = this.#countsOf(i);
    });
    this.#reset();
    return out;
  }

  #countsOf(i: number): RequestCounts {
    const errors: Record<string, number> = {};
    const kinds = ERROR_KINDS.length;
    for (let k = 0; k < kinds; k++) {
      const n = this.#kinds[i * kinds + k]!;
      if (n > 0) errors[ERROR_KINDS[k]!] = n;
    }
    const status: Record<string, number> = {};
    for (let code = 0; code < STATUS_SLOTS; code++) {
      const seen = this.#status[i * STATUS_SLOTS + code]!;
      if (seen > 0) status[String(code)] = seen;
      const failed = this.#httpErrors[i * STATUS_SLOTS + code]!;
      if (failed > 0) errors[httpErrorKind(code)] = failed;
    }
    return {
      sent: this.#counts[i * COUNTERS]!,
      ok: this.#counts[i * COUNTERS + 1]!,
      errorCount: this.#counts[i * COUNTERS + 2]!,
      errors,
      status,
      bytesIn: this.#bytes[i]!,
      hdr: this.#latency[i]!.takeEncoded(),
    };
  }

  #reset(): void {
    for (const tally of this.#tallies) tally.fill(0);
  }
}
