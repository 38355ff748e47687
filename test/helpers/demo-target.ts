/** The demo target (src/target/server.ts) for tests, with the settings most of them share. */
import { startTargetServer, type TargetServer, type TargetServerOptions } from '../../src/target/server.js';

/** A memory pool of 4 held 50 ms, queueing without a deadline, unless `options` say otherwise. */
export function demoTargetSpec(options: Partial<TargetServerOptions> = {}): TargetServerOptions {
  return {
    backend: 'memory',
    pool: 4,
    holdMs: 50,
    acquireTimeoutMs: undefined,
    failFast: false,
    databaseUrl: undefined,
    ...options,
  };
}

/** demoTargetSpec's target in the test's own process. */
export function startDemoTarget(options: Partial<TargetServerOptions> = {}): Promise<TargetServer> {
  return startTargetServer(demoTargetSpec(options));
}
