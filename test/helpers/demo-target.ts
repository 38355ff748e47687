/** The demo target (src/target/server.ts) in the test's own process, with the settings most tests share. */
import { startTargetServer, type TargetServer, type TargetServerOptions } from '../../src/target/server.js';

/** A memory pool of 4 held 50 ms, queueing without a deadline, unless `options` say otherwise. */
export function startDemoTarget(options: Partial<TargetServerOptions> = {}): Promise<TargetServer> {
  return startTargetServer({
    backend: 'memory',
    pool: 4,
    holdMs: 50,
    acquireTimeoutMs: undefined,
    failFast: false,
    databaseUrl: undefined,
    ...options,
  });
}
