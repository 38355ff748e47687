/**
 * The demo target (DESIGN.md §9): an HTTP service on loopback whose requests hold a pool
 * connection for `holdMs`, except /metrics, /healthz, /login and /catalogue (routes.ts);
 * /checkout also needs a token from /login. Usable in-process
 * (tests, `capplan target`) and as a child process (main.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DemoTargetSpec } from '../scenario/types.js';
import type { PoolBackend } from './backend.js';
import { rejectUnauthorized, serveCatalogue, serveLogin, type EndpointContext } from './endpoints.js';
import { createMemoryBackend } from './memory-pool.js';
import { createTargetMetrics } from './metrics.js';
import type { TargetMetrics } from './metrics.js';
import { servePooled } from './pooled.js';
import { createPostgresBackend } from './postgres-pool.js';
import { bearerToken, routeOf } from './routes.js';
import { TokenStore } from './tokens.js';

export { serverTiming } from './pooled.js';

export type TargetServerOptions = DemoTargetSpec & {
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** How long in-flight requests may take to finish on close before sockets are cut, ms. */
  shutdownGraceMs?: number;
  /** false: send no Server-Timing header (a service without a server-side view; default true). */
  serverTiming?: boolean;
};

export type TargetServer = {
  /** http://HOST:PORT */
  url: string;
  /** Stops accepting, lets in-flight requests end (up to the grace), releases the pool. Idempotent. */
  close: () => Promise<void>;
  /** The /metrics exposition as of now (after close: the final counts). */
  metricsText: () => Promise<string>;
};

const TEXT = 'text/plain; charset=utf-8';

/** Starts the target; for PostgreSQL it resolves only after a first query succeeded. */
export async function startTargetServer(options: TargetServerOptions): Promise<TargetServer> {
  const backend = createBackend(options);
  try {
    await backend.ready();
  } catch (error) {
    await backend.close().catch(() => undefined);
    throw error;
  }
  const metrics = createTargetMetrics(backend);
  const state: ServeState = { closing: false, serverTiming: options.serverTiming !== false };
  const endpoints: EndpointContext = {
    tokens: new TokenStore(),
    holdMs: options.holdMs,
    answered: (route, status, startedAtMs) =>
      metrics.recordRequest(status, (performance.now() - startedAtMs) / 1000, route),
  };
  const server = createServer({ keepAlive: true }, (req, res) =>
    handle(req, res, { backend, metrics, endpoints, holdMs: options.holdMs, state }),
  );
  // Longer than undici's default keep-alive so the server never closes a socket the load
  // generator is about to reuse (that race shows up as spurious ECONNRESETs).
  server.keepAliveTimeout = 30_000;
  try {
    await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  } catch (error) {
    await backend.close().catch(() => undefined);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    close: () => {
      state.closing = true;
      closing ??= shutdown(server, backend, options.shutdownGraceMs ?? 2000);
      return closing;
    },
    metricsText: async () => (await metrics.render()).body,
  };
}

function createBackend(options: TargetServerOptions): PoolBackend {
  if (options.backend === 'postgres') {
    if (options.databaseUrl === undefined) throw new Error('the postgres backend needs a database URL');
    return createPostgresBackend({
      size: options.pool,
      databaseUrl: options.databaseUrl,
      acquireTimeoutMs: options.acquireTimeoutMs,
      failFast: options.failFast,
    });
  }
  return createMemoryBackend({
    size: options.pool,
    acquireTimeoutMs: options.acquireTimeoutMs,
    failFast: options.failFast,
  });
}

/** `serverTiming: false` answers without Server-Timing (a service that sends none). */
type ServeState = { closing: boolean; serverTiming: boolean };
type Handling = {
  backend: PoolBackend;
  metrics: TargetMetrics;
  endpoints: EndpointContext;
  holdMs: number;
  state: ServeState;
};

function handle(req: IncomingMessage, res: ServerResponse, h: Handling): void {
  const { backend, metrics, state } = h;
  if (state.closing) res.shouldKeepAlive = false;
  const path = req.url ?? '/';
  if (path === '/metrics' || path.startsWith('/metrics?')) {
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500, { 'content-type': TEXT }).end('metrics unavailable\n'),
    );
    return;
  }
  if (path === '/healthz' || path.startsWith('/healthz?')) {
    const ok = backend.isReady() && !state.closing;
    res.writeHead(ok ? 200 : 503, { 'content-type': TEXT }).end(ok ? 'ok\n' : 'not ready\n');
    return;
  }
  const route = routeOf(path);
  if (route === 'login') return serveLogin(req, res, h.endpoints);
  if (route === 'catalogue') return serveCatalogue(req, res, h.endpoints);
  if (route === 'checkout') {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) metrics.recordEmptyToken();
    if (!h.endpoints.tokens.has(token)) return rejectUnauthorized(req, res, h.endpoints);
  }
  servePooled(req, res, { ...h, route });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function shutdown(server: Server, backend: PoolBackend, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([closed, grace]);
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
  await backend.close();
}
