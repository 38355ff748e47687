/**
 * PostgreSQL for the target and probe tests: the URL that test/setup/postgres.ts provides (an
 * embedded server, or CAPPLAN_TEST_DATABASE_URL). A superuser: tests make scratch databases.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

export const TEST_DATABASE_URL = inject('databaseUrl');

/** Runs `sql` on the test database with a short-lived connection. */
export async function adminQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: string,
  values: unknown[] = [],
  url = TEST_DATABASE_URL,
): Promise<T[]> {
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

/**
 * createScratchDatabase around the enclosing describe block (or file): made before its first
 * test, dropped after its last. Its url and name are there once the tests run.
 */
export function scratchDatabase(): { readonly url: string; readonly name: string } {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch?.drop();
  });
  const made = (): { url: string; name: string } => {
    if (scratch === undefined) throw new Error('the scratch database is made in beforeAll: read it in a test');
    return scratch;
  };
  return {
    get url() {
      return made().url;
    },
    get name() {
      return made().name;
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
