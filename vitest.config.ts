import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast (no network, no workers); `e2e` starts real
// servers, worker threads, child processes or the built binary on 127.0.0.1.
// e2e files run one at a time: they measure load on a 2-core machine and would
// otherwise disturb each other's numbers. Both check, after every test, that `capplan analyze`
// reads every run record the test wrote (test/setup/records-readable.ts, issue #17).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.e2e.test.ts', 'node_modules/**'],
          testTimeout: 20_000,
          setupFiles: ['test/setup/records-readable.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          // PostgreSQL for the tests that need one (embedded unless CAPPLAN_TEST_DATABASE_URL).
          globalSetup: ['test/setup/postgres.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          setupFiles: ['test/setup/records-readable.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
