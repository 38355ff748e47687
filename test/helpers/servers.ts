/**
 * Real HTTP servers on 127.0.0.1 (port 0) whose behaviour is known by construction, each
 * counting the requests it received, so tests can assert capplan's numbers against the
 * server's own. Every server closes its connections on `close()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export type TestServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Requests received so far. */
  requests: () => number;
  /** Stops listening and destroys every connection. Idempotent. */
  close: () => Promise<void>;
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server listening on 127.0.0.1 (port 0); `close()` also destroys every open connection. Idempotent. */
export type Listening = { port: number; close: () => Promise<void> };

export type ListenOptions = {
  /** 'secureConnection' counts TLS connections once the handshake is done. */
  event?: 'connection' | 'secureConnection';
  onConnection?: () => void;
  /** Runs first in close(), e.g. to release requests the server holds. */
  onClose?: () => void;
};

/** Any test server (HTTP, HTTPS, raw TCP) on loopback, port 0, keeping its sockets to destroy on close. */
export async function listenOnLoopback(server: NetServer, options: ListenOptions = {}): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on(options.event ?? 'connection', (socket: Socket) => {
    options.onConnection?.();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        options.onClose?.();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

async function listen(handler: Handler, onClose: () => void = () => undefined): Promise<TestServer> {
  let count = 0;
  const server: Server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    count++;
    // Drain the request body before answering (keep-alive correctness).
    req.resume();
    handler(req, res);
  });
  const { port, close } = await listenOnLoopback(server, { onClose });
  return { url: `http://127.0.0.1:${port}`, port, requests: () => count, close };
}

function respond(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export type PoolLimitedServerOptions = {
  poolSize: number;
  serviceMs: number;
  /** Waiting longer than this for a slot gives 503 `timeout acquiring connection`. */
  queueTimeoutMs?: number;
  /** No queue: 503 `too many clients already` at once when every slot is busy. */
  failFast?: boolean;
  /** Send `Server-Timing: pool;dur=<wait>, db;dur=<hold>`. */
  serverTiming?: boolean;
};

/**
 * A server whose capacity is known: `poolSize` requests are served concurrently, each taking
 * `serviceMs`; the rest wait in a FIFO queue. Knee at concurrency = poolSize, max throughput
 * poolSize * 1000 / serviceMs req/s.
 */
export async function startPoolLimitedServer(options: PoolLimitedServerOptions): Promise<TestServer> {
  let free = options.poolSize;
  type Waiter = { res: ServerResponse; arrivedMs: number; timer: NodeJS.Timeout | undefined };
  const queue: Waiter[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const serve = (res: ServerResponse, waitMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const headers: Record<string, string> =
        options.serverTiming === true
          ? { 'server-timing': `pool;dur=${waitMs.toFixed(2)}, db;dur=${options.serviceMs}` }
          : {};
      respond(res, 200, 'ok', headers);
      const next = queue.shift();
      if (next === undefined) free++;
      else {
        if (next.timer !== undefined) clearTimeout(next.timer);
        serve(next.res, performance.now() - next.arrivedMs);
      }
    }, options.serviceMs);
    timers.add(timer);
  };
  return listen(
    (_req, res) => {
      if (free > 0) {
        free--;
        serve(res, 0);
        return;
      }
      if (options.failFast === true) {
        respond(res, 503, 'too many clients already');
        return;
      }
      const waiter: Waiter = { res, arrivedMs: performance.now(), timer: undefined };
      if (options.queueTimeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          respond(res, 503, 'timeout acquiring connection');
        }, options.queueTimeoutMs);
      }
      queue.push(waiter);
    },
    () => {
      for (const t of timers) clearTimeout(t);
      for (const w of queue) if (w.timer !== undefined) clearTimeout(w.timer);
    },
  );
}

/** Answers every request after `latencyMs` with `status` (default 200). */
export async function startFixedLatencyServer(options: {
  latencyMs: number;
  status?: number;
  body?: string;
}): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  return listen(
    (_req, res) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond(res, options.status ?? 200, options.body ?? 'ok');
      }, options.latencyMs);
      timers.add(timer);
    },
    () => timers.forEach((t) => clearTimeout(t)),
  );
}

/**
 * ANALYSIS.md §6 T9: answers after `serviceMs` (default 1), but is frozen for `stallMs`
 * (default 500) at the end of every `everyMs` (default 5000) counted from its start:
 * a request arriving in a freeze is answered when it ends.
 */
export async function startStallServer(
  options: { serviceMs?: number; stallMs?: number; everyMs?: number } = {},
): Promise<TestServer & { startedAtMs: number }> {
  const serviceMs = options.serviceMs ?? 1;
  const stallMs = options.stallMs ?? 500;
  const everyMs = options.everyMs ?? 5000;
  const startedAtMs = performance.now();
  const timers = new Set<NodeJS.Timeout>();
  const server = await listen(
    (_req, res) => {
      const phase = (performance.now() - startedAtMs) % everyMs;
      const frozenMs = phase >= everyMs - stallMs ? everyMs - phase : 0;
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond(res, 200, 'ok');
      }, frozenMs + serviceMs);
      timers.add(timer);
    },
    () => timers.forEach((t) => clearTimeout(t)),
  );
  return { ...server, startedAtMs };
}

/** Accepts connections and requests and never answers. */
export async function startSilentServer(): Promise<TestServer> {
  return listen(() => undefined);
}

/** Resets the connection (TCP RST) on every request. */
export async function startResettingServer(): Promise<TestServer> {
  return listen((req) => {
    const socket = req.socket as Socket & { resetAndDestroy?: () => void };
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  });
}

/**
 * Every `errorEvery`-th request (1-based) gets `status` (default 500) with `body`; the rest 200.
 * errorEvery = 1 fails every request.
 */
export async function startFlakyServer(options: {
  errorEvery: number;
  status?: number;
  body?: string;
  latencyMs?: number;
}): Promise<TestServer> {
  let n = 0;
  const timers = new Set<NodeJS.Timeout>();
  return listen(
    (_req, res) => {
      n++;
      const fail = n % options.errorEvery === 0;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (fail) respond(res, options.status ?? 500, options.body ?? 'internal error');
        else respond(res, 200, 'ok');
      }, options.latencyMs ?? 0);
      timers.add(timer);
    },
    () => timers.forEach((t) => clearTimeout(t)),
  );
}

/** A loopback port with nothing listening (connection refused). */
export async function freePort(): Promise<number> {
  const s = await listen(() => undefined);
  await s.close();
  return s.port;
}

/** Answers 200 at once and records each request's method, path and body (for request-shape tests). */
export async function startRecordingServer(): Promise<
  TestServer & {
    seen: { method: string; path: string; body: string; headers: Record<string, string | string[] | undefined> }[];
  }
> {
  const seen: { method: string; path: string; body: string; headers: Record<string, string | string[] | undefined> }[] =
    [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
      });
      respond(res, 200, 'ok');
    });
  });
  return { ...server, seen };
}

/** Answers 200 at once and keeps each request's arrival time (performance.now(), ms) and path. */
export async function startTimestampServer(): Promise<TestServer & { arrivals: { atMs: number; path: string }[] }> {
  const arrivals: { atMs: number; path: string }[] = [];
  const server = await listen((req, res) => {
    arrivals.push({ atMs: performance.now(), path: req.url ?? '' });
    respond(res, 200, 'ok');
  });
  return { ...server, arrivals };
}
