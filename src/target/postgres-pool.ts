/**
 * The PostgreSQL backend: a `pg` pool of P connections; each request holds one for
 * `SELECT pg_sleep(hold)`. Its limits are PostgreSQL's own: pg-pool's acquire timeout
 * (`connectionTimeoutMillis`) and the server's `max_connections` or a role's CONNECTION LIMIT
 * (SQLSTATE 53300, "sorry, too many clients already") both become 503s with pg's message.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PoolClient } from 'pg';
import { ACQUIRE_TIMEOUT_MESSAGE, rejection } from './backend.js';
import type { PoolBackend, PoolRejection, ServeTiming } from './backend.js';
import { redactUrl } from '../redact-url.js';

export type PostgresPoolOptions = {
  size: number;
  databaseUrl: string;
  acquireTimeoutMs: number | undefined;
  failFast: boolean;
  /** Upper bound on the first query that makes the target ready. */
  readyTimeoutMs?: number;
};

/** So that pg_stat_activity tells the demo target's connections apart from others. */
export const DEMO_APPLICATION_NAME = 'capplan-demo-target';

/** too_many_connections: max_connections, a role's or a database's CONNECTION LIMIT. */
const TOO_MANY_CONNECTIONS = '53300';

/** A named statement: parsed once per connection, not once per request. */
const HOLD_QUERY = { name: 'capplan_hold', text: 'SELECT pg_sleep($1)' } as const;

export function createPostgresBackend(options: PostgresPoolOptions): PoolBackend {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.size,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 0,
    idleTimeoutMillis: 30_000,
    application_name: DEMO_APPLICATION_NAME,
  });
  // An idle connection that dies (server restart) must not crash the target: the pool drops it.
  pool.on('error', () => undefined);
  let ready = false;
  let closed = false;

  const serve = async (holdMs: number): Promise<ServeTiming> => {
    const startedAtMs = performance.now();
    if (closed) throw rejection('shutting-down', 'shutting down', 0);
    if (options.failFast && pool.idleCount === 0 && (pool.totalCount >= options.size || pool.waitingCount > 0)) {
      throw rejection('fail-fast', 'pool exhausted (fail-fast)', 0);
    }
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toRejection(error, performance.now() - startedAtMs, true);
    }
    const heldAtMs = performance.now();
    try {
      await client.query({ ...HOLD_QUERY, values: [holdMs / 1000] });
      client.release();
    } catch (error) {
      // A connection that failed mid-query may be broken: destroy it rather than reuse it.
      client.release(true);
      throw toRejection(error, heldAtMs - startedAtMs, false);
    }
    ready = true;
    return { waitMs: heldAtMs - startedAtMs, holdMs: performance.now() - heldAtMs };
  };

  const readyCheck = async (): Promise<void> => {
    await firstQuery(pool, options);
    ready = true;
  };

  return {
    size: options.size,
    inUse: () => pool.totalCount - pool.idleCount,
    waiting: () => pool.waitingCount,
    serve,
    isReady: () => ready && !closed,
    ready: readyCheck,
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** `SELECT 1` within the ready timeout; else an error naming the (redacted) URL. */
async function firstQuery(pool: pg.Pool, options: PostgresPoolOptions): Promise<void> {
  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pool.query('SELECT 1'), timeout]);
  } catch (error) {
    const where = redactUrl(options.databaseUrl);
    throw new Error(`cannot query PostgreSQL at ${where}: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function toRejection(error: unknown, waitMs: number, acquiring: boolean): PoolRejection {
  const message = messageOf(error);
  if ((error as { code?: unknown }).code === TOO_MANY_CONNECTIONS)
    return rejection('too-many-clients', message, waitMs);
  if (
    acquiring &&
    (message.includes('timeout exceeded when trying to connect') || message.includes('connection timeout'))
  ) {
    return rejection('acquire-timeout', `${ACQUIRE_TIMEOUT_MESSAGE}: ${message}`, waitMs);
  }
  return rejection('db-error', message, waitMs);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}
