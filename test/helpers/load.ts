/**
 * A bounded closed-loop load for the target and probe tests: `concurrency` users send
 * requests back to back with undici until `durationMs` has passed or `maxRequests` were
 * sent, to 127.0.0.1 only.
 */
import { Pool } from 'undici';

export type LoadResult = { statuses: Record<number, number>; bodies: Map<number, string>; sent: number };

export async function driveLoad(
  origin: string,
  options: { concurrency: number; durationMs: number; maxRequests?: number; path?: string },
): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) throw new Error(`test load goes to 127.0.0.1 only, got ${origin}`);
  const pool = new Pool(origin, { connections: options.concurrency });
  const statuses: Record<number, number> = {};
  const bodies = new Map<number, string>();
  const endAtMs = Date.now() + options.durationMs;
  const max = options.maxRequests ?? 100_000;
  let sent = 0;
  const user = async (): Promise<void> => {
    while (Date.now() < endAtMs && sent < max) {
      sent++;
      const res = await pool.request({ method: 'GET', path: options.path ?? `/orders?item=${sent}` });
      const body = await res.body.text();
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (!bodies.has(res.statusCode)) bodies.set(res.statusCode, body);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, user));
  } finally {
    await pool.close();
  }
  return { statuses, bodies, sent };
}

/** One GET with its status, body and headers. */
export async function get(
  url: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const { request } = await import('undici');
  const res = await request(url);
  return { status: res.statusCode, body: await res.body.text(), headers: res.headers };
}

/** Polls `read` every `everyMs` while `whileRunning` is pending; returns every value read. */
export async function sampleWhile<T>(
  whileRunning: Promise<unknown>,
  everyMs: number,
  read: () => Promise<T>,
): Promise<T[]> {
  let done = false;
  void whileRunning
    .finally(() => {
      done = true;
    })
    .catch(() => undefined);
  const values: T[] = [];
  while (!done) {
    values.push(await read());
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return values;
}
