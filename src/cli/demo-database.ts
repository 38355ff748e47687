/**
 * The database behind a postgres demo target: a given URL (target.demo.databaseUrl, then
 * CAPPLAN_DATABASE_URL), else an embedded PostgreSQL started for this command and stopped
 * after it. Its URL carries a random password: it goes to the target and the `demo` probe,
 * never into the scenario object, so it cannot reach the record or a report.
 */
import type { DemoTargetSpec } from '../scenario/types.js';
import { startEmbeddedPostgres } from '../target/embedded-postgres.js';
import type { Io } from './io.js';

export const DATABASE_URL_ENV = 'CAPPLAN_DATABASE_URL';

export type DemoDatabase = {
  /** The spec with its databaseUrl filled in (postgres backend), or as given (memory). */
  spec: DemoTargetSpec;
  /** Stops the embedded server, if one was started. Idempotent. */
  stop: () => Promise<void>;
};

export async function startDemoDatabase(spec: DemoTargetSpec, io: Io): Promise<DemoDatabase> {
  const none = { spec, stop: () => Promise.resolve() };
  if (spec.backend !== 'postgres' || spec.databaseUrl !== undefined) return none;
  const given = io.env[DATABASE_URL_ENV];
  if (given !== undefined && given !== '') return { spec: { ...spec, databaseUrl: given }, stop: none.stop };
  const url = await startEmbedded(io);
  return { spec: { ...spec, databaseUrl: url.url }, stop: url.stop };
}

/** Starts an embedded server with progress on stderr: the line before, and how long it took. */
export async function startEmbedded(io: Io): Promise<{ url: string; stop: () => Promise<void> }> {
  io.stderr.write('starting embedded PostgreSQL…\n');
  const server = await startEmbeddedPostgres({ env: io.env });
  const port = new URL(server.url).port;
  const seconds = (server.startMs / 1000).toFixed(1);
  io.stderr.write(`embedded PostgreSQL ${server.version} ready on 127.0.0.1:${port} in ${seconds} s\n`);
  return { url: server.url, stop: server.stop };
}
