/**
 * Hostile targets: real servers on 127.0.0.1 that misbehave in one known way each. Every
 * server counts what it received and closes all its connections on `close()`.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server } from 'node:net';
import { listenOnLoopback } from '../helpers/servers.js';

export type HostileServer = { url: string; port: number; requests: () => number; close: () => Promise<void> };

async function serve(server: Server, counter: () => number): Promise<HostileServer> {
  const { port, close } = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, port, requests: counter, close };
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

const TLS_DIR = new URL('../fixtures/tls/', import.meta.url).pathname;

/** An HTTPS server with a self-signed certificate (test/fixtures/tls): a client that verifies refuses it. */
export async function selfSignedTarget(): Promise<HostileServer> {
  let n = 0;
  const server = createHttpsServer(
    { key: readFileSync(`${TLS_DIR}self-signed.key`), cert: readFileSync(`${TLS_DIR}self-signed.crt`) },
    (req, res) => {
      n++;
      req.resume();
      plain(res, 200, 'ok');
    },
  );
  const s = await serve(server, () => n);
  return { ...s, url: s.url.replace('http:', 'https:') };
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
