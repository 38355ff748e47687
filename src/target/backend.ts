/**
 * What the demo target's HTTP layer needs from a pool backend (memory or PostgreSQL).
 * Times are milliseconds measured with `performance.now()`.
 */

/** Why a request could not get (or use) a connection. Maps to the HTTP status the target answers. */
export type RejectionReason = 'acquire-timeout' | 'fail-fast' | 'too-many-clients' | 'db-error' | 'shutting-down';

/**
 * A request that did not get a connection. Plain data (not an Error) on purpose: under
 * overload thousands of these are created per second and a stack trace each would cost
 * more than the request itself.
 */
export type PoolRejection = {
  readonly rejected: true;
  readonly reason: RejectionReason;
  /** Response body, one line. */
  readonly message: string;
  /** Time spent waiting before the rejection, ms. */
  readonly waitMs: number;
};

/** How long a served request waited for a connection and then held it. */
export type ServeTiming = { waitMs: number; holdMs: number };

export type PoolBackend = {
  /** Configured pool size P. */
  readonly size: number;
  /** Connections currently held by requests (for PostgreSQL: also those being opened). */
  inUse: () => number;
  /** Requests queued for a connection. */
  waiting: () => number;
  /**
   * Acquires a connection, holds it for `holdMs` (a sleep, or `SELECT pg_sleep`), releases it.
   * Rejects with a `PoolRejection` only; any other failure is turned into one.
   */
  serve: (holdMs: number) => Promise<ServeTiming>;
  /** True once the backend answered a first request (PostgreSQL: a first query succeeded). */
  isReady: () => boolean;
  /** Resolves once ready; rejects with a one-line message when the backend cannot start. */
  ready: () => Promise<void>;
  /** Releases everything (pg pool end, pending timers). Waiters are rejected with `shutting-down`. */
  close: () => Promise<void>;
};

export function isPoolRejection(value: unknown): value is PoolRejection {
  return typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;
}

export function rejection(reason: RejectionReason, message: string, waitMs: number): PoolRejection {
  return { rejected: true, reason, message, waitMs };
}

/** The body of a 503 for an acquire timeout (a contract with the docs and the scenarios). */
export const ACQUIRE_TIMEOUT_MESSAGE = 'timeout acquiring connection';
