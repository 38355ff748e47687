/**
 * PostgreSQL for the target and probe tests. CI (.ci/run) starts the cluster and exports
 * CAPPLAN_TEST_DATABASE_URL; the default is the same URL. When the database is unreachable
 * the tests FAIL in CI (CI=true) and are skipped, with the reason, elsewhere.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

export const TEST_DATABASE_URL = process.env['CAPPLAN_TEST_DATABASE_URL'] ?? 'postgres://postgres:capplan@127.0.0.1:5432/capplan_test';
export const IN_CI = process.env['CI'] === 'true';

/** undefined when reachable, else why not (one line). */
export async function databaseProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `sql` on the test database with a short-lived connection. */
export async function adminQuery<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values: unknown[] = [], url = TEST_DATABASE_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

/**
 * A fresh database for one test file, so that counts in pg_stat_activity are ours alone even
 * when other tests use the cluster. Returns its URL and a drop function.
 */
export async function createScratchDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `capplan_t_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    name,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A connection to the test database for repeated sampling; the caller ends it. */
export async function openClient(url = TEST_DATABASE_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

/** Active client sessions per application_name in one database. */
export async function activeSessions(client: pg.Client, database: string, applicationName: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active'",
    [database, applicationName],
  );
  return rows[0]?.n ?? 0;
}

/**
 * When PostgreSQL is unreachable: one failing test in CI (the tests must not silently skip
 * there), one skipped test naming the reason elsewhere. Nothing when it is reachable.
 */
export function reportMissingDatabase(problem: string | undefined): void {
  if (problem === undefined) return;
  describe('PostgreSQL', () => {
    if (IN_CI) {
      it('is reachable (required in CI)', () => {
        expect.fail(`${problem}; .ci/run starts it (pg_ctlcluster) and exports CAPPLAN_TEST_DATABASE_URL`);
      });
    } else {
      it.skip(`skipped outside CI: ${problem}`, () => undefined);
    }
  });
}
