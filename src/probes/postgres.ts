/**
 * The `postgres` probe: one dedicated connection sampling pg_stat_activity for the database
 * in its URL (client backends by state) and the server's `max_connections`. A short
 * statement timeout keeps a busy server from stalling the probe; a lost connection is
 * re-opened at the next sample.
 */
import pg from 'pg';
import { describeFailure, sampleTimeoutMs } from './sampler.js';
import type { Sampler } from './sampler.js';
import type { WarningLog } from './warnings.js';
import { redactUrl } from '../redact-url.js';

export type PostgresProbeOptions = { url: string; everyMs: number; timeoutMs?: number };

/**
 * Our own session is left out of the per-database counts but counts in `server_connections`.
 * `state` is NULL both for a session still authenticating (starting) and for one this role may
 * not see (its query then reads '<insufficient privilege>').
 */
const ACTIVITY_QUERY = `
SELECT
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active')::int
    AS connections_active,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle')::int
    AS connections_idle,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid()
    AND state LIKE 'idle in transaction%')::int AS connections_idle_in_transaction,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid()
    AND state IS NULL AND query <> '<insufficient privilege>')::int AS connections_starting,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid()
    AND query = '<insufficient privilege>')::int AS connections_state_hidden,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid())::int AS connections_total,
  count(*) FILTER (WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')::int
    AS connections_waiting_on_lock,
  count(*)::int AS server_connections,
  current_setting('max_connections')::int AS max_connections
FROM pg_stat_activity
WHERE backend_type = 'client backend'`;

export const PROBE_APPLICATION_NAME = 'capplan-probe';

export function createPostgresSampler(options: PostgresProbeOptions, log: WarningLog): Sampler {
  const timeoutMs = options.timeoutMs ?? sampleTimeoutMs(options.everyMs);
  const where = redactUrl(options.url);
  let client: pg.Client | undefined;
  let closed = false;

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
      application_name: PROBE_APPLICATION_NAME,
    });
    // Errors after connect (server restart) arrive as events: drop the client, reconnect later.
    c.on('error', (error) => {
      if (client !== c) return;
      client = undefined;
      log.warn(`lost its connection to ${where} (${describeFailure(error)}); reconnecting`);
    });
    await c.connect();
    return c;
  };

  const drop = (c: pg.Client | undefined): void => {
    if (client === c) client = undefined;
    void c?.end().catch(() => undefined);
  };

  return {
    sample: async () => {
      if (closed) return { up: 0 };
      let c = client;
      try {
        if (c === undefined) {
          c = await connect();
          if (closed) {
            drop(c);
            return { up: 0 };
          }
          client = c;
        }
        return await readActivity(c, where, log);
      } catch (error) {
        log.warn(`cannot sample pg_stat_activity at ${where}: ${describeFailure(error)}`);
        drop(c);
        return { up: 0 };
      }
    },
    close: async () => {
      closed = true;
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

/** One pg_stat_activity read on a connected client: `up: 1` and the counts. */
async function readActivity(client: pg.Client, where: string, log: WarningLog): Promise<Record<string, number>> {
  refSocket(client, true);
  const result = await client.query<Record<string, number>>(ACTIVITY_QUERY).finally(() => refSocket(client, false));
  const row = result.rows[0] ?? {};
  if ((row['connections_state_hidden'] ?? 0) > 0)
    log.warn(`some sessions' state is hidden from this role at ${where}: grant it pg_read_all_stats`);
  return { up: 1, ...row };
}

/**
 * Like the sampling timers, the probe's idle socket must not keep capplan running if the
 * caller never gets to stop(); it is referenced only while a query is on the wire (pg keeps
 * the socket on an undocumented `connection.stream`, hence the defensive access).
 */
function refSocket(client: pg.Client, ref: boolean): void {
  const stream = (client as unknown as { connection?: { stream?: { ref?: () => void; unref?: () => void } } })
    .connection?.stream;
  if (ref) stream?.ref?.();
  else stream?.unref?.();
}
