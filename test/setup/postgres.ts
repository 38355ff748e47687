/**
 * vitest globalSetup of the e2e project: the one PostgreSQL every test that needs one uses
 * (inject('databaseUrl'), see test/target/database.ts). CAPPLAN_TEST_DATABASE_URL when given
 * (CI runs the suite once more against Debian's cluster that way), else an embedded
 * PostgreSQL started here and removed after the run: no test skips for want of a database.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/target/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL: tests create scratch databases and roles with it. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['CAPPLAN_TEST_DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return () => Promise.resolve();
  }
  const server = await startEmbeddedPostgres({ env: process.env });
  project.provide('databaseUrl', server.url);
  return server.stop;
}
