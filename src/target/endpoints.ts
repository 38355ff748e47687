/**
 * The demo target's endpoints that do not hold a pool connection: `POST /login` issues a
 * token, `GET /catalogue[/<id>]` answers JSON after the same work time as a pool request but
 * without a connection (so only the pool, not the work, separates it from checkout), and the
 * 401 of a checkout without a known token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Route } from './routes.js';
import type { TokenStore } from './tokens.js';

/** What an endpoint needs: where to count its answer, the tokens, the work time. */
export type EndpointContext = {
  tokens: TokenStore;
  holdMs: number;
  /** Counts one answer of `route` with `status` to a request that arrived at `startedAtMs` (metrics). */
  answered: (route: Route, status: number, startedAtMs: number) => void;
};

const JSON_TYPE = 'application/json';
const TEXT = 'text/plain; charset=utf-8';
const MAX_LOGIN_BODY = 4096;
const USER = /^[\w.@-]{1,64}$/;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

/** `POST /login` with `{ "user": "..." }` -> 200 `{"token":"t-<user>-<n>"}`. */
export function serveLogin(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): void {
  const startedAtMs = performance.now();
  const answer = (status: number, body: unknown): void => {
    send(res, status, JSON_TYPE, JSON.stringify(body));
    ctx.answered('login', status, startedAtMs);
  };
  if (req.method !== 'POST') {
    req.resume();
    answer(405, { error: 'use POST /login' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_LOGIN_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_LOGIN_BODY) return answer(413, { error: 'body too large' });
    const user = userOf(Buffer.concat(chunks).toString('utf8'));
    if (user === undefined)
      return answer(400, { error: 'expected JSON {"user": "<name>"} (letters, digits, . _ @ -)' });
    answer(200, { token: ctx.tokens.issue(user) });
  });
}

function userOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const user = typeof body === 'object' && body !== null ? (body as { user?: unknown }).user : undefined;
    return typeof user === 'string' && USER.test(user) ? user : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /catalogue` (a list) or `/catalogue/<id>` (one item): JSON, after `holdMs`, no pool. */
export function serveCatalogue(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): void {
  const startedAtMs = performance.now();
  req.resume();
  const path = (req.url ?? '/catalogue').split('?')[0]!;
  const id = path.length > '/catalogue/'.length ? decodeSafe(path.slice('/catalogue/'.length)) : undefined;
  const body =
    id === undefined
      ? {
          items: [
            { id: 'A-1', name: 'kettle' },
            { id: 'A-2', name: 'teapot' },
          ],
        }
      : { id, name: `item ${id}`, inStock: true };
  setTimeout(() => {
    send(res, 200, JSON_TYPE, JSON.stringify(body));
    ctx.answered('catalogue', 200, startedAtMs);
  }, ctx.holdMs);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A checkout without a token /login issued. */
export function rejectUnauthorized(req: IncomingMessage, res: ServerResponse, ctx: EndpointContext): void {
  const startedAtMs = performance.now();
  req.resume();
  send(res, 401, TEXT, 'missing or unknown token\n');
  ctx.answered('checkout', 401, startedAtMs);
}
