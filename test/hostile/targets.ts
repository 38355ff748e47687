/**
 * Hostile targets: real servers on 127.0.0.1 that misbehave in one known way each. Every
 * server counts what it received and closes all its connections on `close()`.
 */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type HostileServer = { url: string; port: number; requests: () => number; close: () => Promise<void> };

async function serve(server: Server, counter: () => number): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: counter,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

/** An HTTP server whose every answer is `answer(res, n)` (n: 1-based request count). */
export async function httpTarget(answer: (res: ServerResponse, n: number) => void): Promise<HostileServer> {
  let n = 0;
  const server = createHttpServer({ keepAliveTimeout: 60_000, maxHeaderSize: 65_536 }, (req, res) => {
    n++;
    req.resume();
    answer(res, n);
  });
  return serve(server, () => n);
}

/** A TCP server that answers any bytes with `reply` (then closes), e.g. invalid HTTP. */
export async function rawTarget(reply: string): Promise<HostileServer> {
  let n = 0;
  const server = createNetServer((socket) => {
    socket.once('data', () => {
      n++;
      socket.end(reply);
    });
    socket.on('error', () => undefined);
  });
  return serve(server, () => n);
}

const MB = Buffer.alloc(1024 * 1024, 'x');

/** 200 with a body of `mb` MiB, streamed from one reused buffer. */
export function bigBody(res: ServerResponse, mb: number): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': mb * MB.length });
  let sent = 0;
  const more = (): void => {
    while (sent < mb) {
      sent++;
      if (!res.write(MB)) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('error', () => undefined);
  more();
}

export function plain(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
