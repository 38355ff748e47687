/**
 * Requests that hold a pool connection for `holdMs`: checkout (once its token is known) and
 * every path without a route of its own. Answers 200 with Server-Timing, or the pool's
 * rejection (503, 500 for a database error); each answer is counted by status and route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isPoolRejection } from './backend.js';
import type { PoolBackend, RejectionReason, ServeTiming } from './backend.js';
import type { TargetMetrics } from './metrics.js';
import type { Route } from './routes.js';

const TEXT = 'text/plain; charset=utf-8';

export type Pooled = {
  backend: PoolBackend;
  metrics: TargetMetrics;
  holdMs: number;
  state: { closing: boolean; serverTiming: boolean };
  route: Route;
};

/** Holds a pool connection for `holdMs` (checkout and every path without a route of its own). */
export function servePooled(req: IncomingMessage, res: ServerResponse, h: Pooled): void {
  const { metrics, state, route } = h;
  // The body (if any) is not needed: drain it so the socket can be reused.
  req.resume();
  const startedAtMs = performance.now();
  h.backend.serve(h.holdMs).then(
    (timing) => {
      // A request that arrived before close() ends its connection once answered.
      if (state.closing) res.shouldKeepAlive = false;
      respondServed(res, metrics, timing, startedAtMs, route, state.serverTiming);
    },
    (error: unknown) => {
      if (state.closing) res.shouldKeepAlive = false;
      respondRejected(res, metrics, error, startedAtMs, route, state.serverTiming);
    },
  );
}

function headers(timed: boolean, waitMs: number, holdMs: number): Record<string, string> {
  return timed ? { 'content-type': TEXT, 'server-timing': serverTiming(waitMs, holdMs) } : { 'content-type': TEXT };
}

function respondServed(
  res: ServerResponse,
  metrics: TargetMetrics,
  timing: ServeTiming,
  startedAtMs: number,
  route: Route,
  timed: boolean,
): void {
  res.writeHead(200, headers(timed, timing.waitMs, timing.holdMs)).end('ok\n');
  metrics.recordRequest(200, (performance.now() - startedAtMs) / 1000, route);
}

function respondRejected(
  res: ServerResponse,
  metrics: TargetMetrics,
  error: unknown,
  startedAtMs: number,
  route: Route,
  timed: boolean,
): void {
  let status = 500;
  let body = 'internal error';
  let waitMs = performance.now() - startedAtMs;
  if (isPoolRejection(error)) {
    status = statusFor(error.reason);
    body = error.message;
    waitMs = error.waitMs;
    if (error.reason === 'acquire-timeout') metrics.recordAcquireTimeout();
  }
  res.writeHead(status, headers(timed, waitMs, 0)).end(`${body}\n`);
  metrics.recordRequest(status, (performance.now() - startedAtMs) / 1000, route);
}

function statusFor(reason: RejectionReason): number {
  return reason === 'db-error' ? 500 : 503;
}

/** `pool;dur=<wait ms>, db;dur=<hold ms>` (W3C Server-Timing; durations in milliseconds). */
export function serverTiming(waitMs: number, holdMs: number): string {
  return `pool;dur=${waitMs.toFixed(1)}, db;dur=${holdMs.toFixed(1)}`;
}
