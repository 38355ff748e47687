/**
 * A service behind an admission limit (a token bucket of `ratePerSec`, burst 5): admitted
 * requests are answered 200 after `serviceMs`, the rest get a fast `429 Too Many Requests`
 * after `rejectMs`. Its capacity is the rate, by construction; no pool anywhere.
 */
import { createServer, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback, type TestServer } from './servers.js';

export type AdmissionServerOptions = { ratePerSec: number; serviceMs: number; rejectMs: number };

export async function startAdmissionServer(options: AdmissionServerOptions): Promise<TestServer> {
  const burst = 5;
  let tokens = burst;
  let lastMs = performance.now();
  let count = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, res: ServerResponse, status: number, body: string): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed)
        res.writeHead(status, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
    }, ms);
    timers.add(timer);
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    count++;
    req.resume();
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - lastMs) / 1000) * options.ratePerSec);
    lastMs = now;
    if (tokens >= 1) {
      tokens -= 1;
      later(options.serviceMs, res, 200, 'ok');
    } else {
      later(options.rejectMs, res, 429, 'Too Many Requests');
    }
  });
  const { port, close } = await listenOnLoopback(server, {
    onClose: () => {
      for (const t of timers) clearTimeout(t);
    },
  });
  return { url: `http://127.0.0.1:${port}`, port, requests: () => count, close };
}
