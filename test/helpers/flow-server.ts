/**
 * A real HTTP(S) server on 127.0.0.1 with the demo target's flow contract, for flow tests:
 * `POST /login` JSON `{ "user": "..." }` -> 200 `{"token":"t-<user>-<n>"}` (no pool);
 * `GET /catalogue[/...]` -> 200 JSON (no pool); paths starting `/checkout` need
 * `authorization: Bearer <token>` issued by /login (401 otherwise) and hold one of `pool`
 * slots for `holdMs`. It counts requests per route and status, logins per user, and every
 * request that came with an empty or missing token.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps, type ServerOptions as HttpsOptions } from 'node:https';
import { listenOnLoopback } from './servers.js';

export type FlowServerOptions = { pool?: number; holdMs?: number; tls?: HttpsOptions };

export type FlowServer = {
  url: string;
  /** Requests per "route status", e.g. "checkout 200". */
  counts: () => Record<string, number>;
  /** Requests per route (any status). */
  route: (name: 'login' | 'catalogue' | 'checkout' | 'other') => number;
  /** /checkout requests whose bearer token was missing or empty. */
  emptyTokens: () => number;
  /** Users in the order they logged in. */
  logins: () => string[];
  /** Connections accepted (TLS: handshakes completed). */
  connections: () => number;
  close: () => Promise<void>;
};

type State = {
  counts: Map<string, number>;
  tokens: Set<string>;
  logins: string[];
  emptyTokens: number;
  inUse: number;
  waiting: (() => void)[];
};

export async function startFlowServer(options: FlowServerOptions = {}): Promise<FlowServer> {
  const state: State = { counts: new Map(), tokens: new Set(), logins: [], emptyTokens: 0, inUse: 0, waiting: [] };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res, state, options));
  };
  const server: Server =
    options.tls === undefined
      ? createHttp({ keepAliveTimeout: 60_000 }, handler)
      : createHttps({ ...options.tls, keepAliveTimeout: 60_000 }, handler);
  let connections = 0;
  const { port, close } = await listenOnLoopback(server, {
    event: options.tls === undefined ? 'connection' : 'secureConnection',
    onConnection: () => void connections++,
  });
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(state.counts),
    route: (name) => [...state.counts].filter(([k]) => k.startsWith(`${name} `)).reduce((s, [, n]) => s + n, 0),
    emptyTokens: () => state.emptyTokens,
    logins: () => [...state.logins],
    connections: () => connections,
    close,
  };
}

function send(res: ServerResponse, state: State, route: string, status: number, body: unknown): void {
  state.counts.set(`${route} ${status}`, (state.counts.get(`${route} ${status}`) ?? 0) + 1);
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function handle(
  req: IncomingMessage,
  body: string,
  res: ServerResponse,
  state: State,
  options: FlowServerOptions,
): void {
  const path = req.url ?? '/';
  if (req.method === 'POST' && path === '/login') {
    let user: unknown;
    try {
      user = (JSON.parse(body) as { user?: unknown }).user;
    } catch {
      user = undefined;
    }
    if (typeof user !== 'string' || user === '') return send(res, state, 'login', 400, { error: 'user required' });
    const token = `t-${user}-${state.tokens.size + 1}`;
    state.tokens.add(token);
    state.logins.push(user);
    return send(res, state, 'login', 200, { token });
  }
  if (path === '/catalogue' || path.startsWith('/catalogue/'))
    return send(res, state, 'catalogue', 200, { items: [{ sku: 'A-1' }, { sku: 'B-2' }] });
  if (!path.startsWith('/checkout')) return send(res, state, 'other', 404, { error: 'not found' });
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s*(.*)$/.exec(auth)?.[1]?.trim() ?? '';
  if (token === '') state.emptyTokens++;
  if (!state.tokens.has(token)) return send(res, state, 'checkout', 401, { error: 'unauthorized' });
  withPool(state, options, () => send(res, state, 'checkout', 200, { order: `o-${state.tokens.size}` }));
}

function withPool(state: State, options: FlowServerOptions, done: () => void): void {
  const pool = options.pool ?? 1_000;
  const run = (): void => {
    state.inUse++;
    setTimeout(() => {
      state.inUse--;
      done();
      state.waiting.shift()?.();
    }, options.holdMs ?? 0);
  };
  if (state.inUse < pool) run();
  else state.waiting.push(run);
}
