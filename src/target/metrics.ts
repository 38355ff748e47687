/**
 * The demo target's Prometheus metrics, in a private prom-client Registry (never the global
 * one, so several targets in one process - tests - don't collide). Pool gauges are read
 * from the backend at scrape time: the request path pays only for a counter and a histogram.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolBackend } from './backend.js';
import type { Route } from './routes.js';

export type TargetMetrics = {
  readonly registry: Registry;
  /** Counts one finished request by status, and by route and status, and observes its duration (seconds). */
  recordRequest: (status: number, durationSec: number, route: Route) => void;
  recordAcquireTimeout: () => void;
  /** Counts a checkout that came without a token (a flow whose capture failed must never send one). */
  recordEmptyToken: () => void;
  /** The text exposition and its Content-Type. */
  render: () => Promise<{ contentType: string; body: string }>;
};

/** The pool's gauges, read from the backend at scrape time: the request path never touches them. */
function registerPoolGauges(registry: Registry, backend: PoolBackend): void {
  const gauges: [string, string, () => number][] = [
    ['db_pool_size', 'Configured connection pool size.', () => backend.size],
    ['db_pool_in_use', 'Connections held by requests.', () => backend.inUse()],
    ['db_pool_waiting', 'Requests waiting for a connection.', () => backend.waiting()],
  ];
  for (const [name, help, read] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
}

/** A counter's label child per key, created once: labels() hashes its arguments on every call. */
function childCache<K>(create: (key: K) => Counter.Internal): (key: K) => Counter.Internal {
  const children = new Map<K, Counter.Internal>();
  return (key) => {
    let child = children.get(key);
    if (child === undefined) {
      child = create(key);
      children.set(key, child);
    }
    return child;
  };
}

function requestMetrics(registry: Registry): Omit<TargetMetrics, 'registry' | 'render'> {
  const acquireTimeouts = new Counter({
    name: 'db_pool_acquire_timeouts_total',
    help: 'Requests that gave up waiting for a connection.',
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests answered (every path but /metrics and /healthz), by status code.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const byRoute = new Counter({
    name: 'http_requests_by_route_total',
    help:
      'Requests answered (every path but /metrics and /healthz), ' +
      'by route (login, catalogue, checkout, other) and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const emptyTokens = new Counter({
    name: 'http_checkout_empty_token_total',
    registers: [registry],
    help:
      'Checkouts without a bearer token (no authorization header, or "Bearer" with nothing after it): ' +
      'each answered 401.',
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, seconds.',
    registers: [registry],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const byStatus = childCache((status: number) => requests.labels(String(status)));
  const byRouteStatus = childCache((key: string) => byRoute.labels(...(key.split(' ') as [string, string])));
  return {
    recordRequest: (status, durationSec, route) => {
      byStatus(status).inc();
      byRouteStatus(`${route} ${status}`).inc();
      duration.observe(durationSec);
    },
    recordAcquireTimeout: () => acquireTimeouts.inc(),
    recordEmptyToken: () => emptyTokens.inc(),
  };
}

export function createTargetMetrics(backend: PoolBackend): TargetMetrics {
  const registry = new Registry();
  registerPoolGauges(registry, backend);
  return {
    registry,
    ...requestMetrics(registry),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
