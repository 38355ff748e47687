import { defineConfig } from 'vitest/config';

/**
 * e2e files that put no timed load on the machine (or only a little, with no assertion on timing):
 * CLI output, docs, promtool, Chromium, argument checks, hostile input files. They run in parallel with each other, and
 * before the load tests (`npm test` runs `e2e-light` to its end, then `e2e`), so they can never
 * disturb a measurement. None of them uses the suite's PostgreSQL (see .ci/run's second pass).
 */
const LIGHT_E2E = [
  'test/alerts/promtool.e2e.test.ts',
  'test/cli/doctor.e2e.test.ts',
  'test/docs/snippets.e2e.test.ts',
  'test/hostile/inputs.e2e.test.ts',
  'test/report/html.e2e.test.ts',
  'test/target/target-command.e2e.test.ts',
];

/**
 * e2e load tests whose load is paced by the target, not by the CPU: pool servers and demo targets
 * that hold each request for tens of ms, so a run is mostly waiting (each file uses 20–37 % of one
 * core on its own, measured with /usr/bin/time) and what they measure (a knee, a goodput ratio, a
 * gate verdict) depends on the pool and the hold time, not on free CPU. Two of them at a time
 * still leave more than a core free. Not here: anything CPU-bound or measuring the generator
 * itself (attribution's CPU-bound service, generator-limit, hostile, the open model at high
 * rates, TLS), the adaptive search (its 1 s levels read a knee of 15 for a pool of 20 beside
 * another file once), and the files .ci/run runs again against Debian's PostgreSQL.
 */
const PACED_E2E = [
  'test/analyze/live.e2e.test.ts',
  'test/analyze/ramp/live.e2e.test.ts',
  'test/cli/gate.e2e.test.ts',
  'test/engine/sweep.e2e.test.ts',
  'test/scale/shards.e2e.test.ts',
  'test/target/demo-run.e2e.test.ts',
];

// Four projects: `unit` is pure and fast (no network, no workers); `e2e-light`, `e2e-paced` and
// `e2e` start real servers, worker threads, child processes or the built binary on 127.0.0.1.
// `e2e` files run one at a time: they measure load on a 2-core machine and would
// otherwise disturb each other's numbers. Each checks, after every test, that `capplan analyze`
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
          // Pure tests: both cores (vitest's default on 2 cores is one worker).
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e-light',
          include: LIGHT_E2E,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          setupFiles: ['test/setup/records-readable.ts'],
          // Mostly waiting on child processes (the CLI, PostgreSQL, Chromium, promtool): two files at once.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e-paced',
          include: PACED_E2E,
          // demo-run's PostgreSQL demo creates its scratch database on the suite's PostgreSQL.
          globalSetup: ['test/setup/postgres.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          setupFiles: ['test/setup/records-readable.ts'],
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          exclude: [...LIGHT_E2E, ...PACED_E2E, 'node_modules/**'],
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
