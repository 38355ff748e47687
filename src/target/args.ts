/**
 * The child-process command line of the demo target: what spawn.ts passes and main.ts reads.
 * The database URL travels in the environment, not argv, so its password never shows in `ps`.
 */
import { parseArgs } from 'node:util';
import type { DemoTargetSpec } from '../scenario/types.js';
import { isLoopbackHost } from './loopback.js';
import type { TargetServerOptions } from './server.js';

export const DATABASE_URL_ENV = 'CAPPLAN_TARGET_DATABASE_URL';
/**
 * Where the target writes its final /metrics exposition when it stops: the target's own count
 * of what it served, readable after a `capplan run` that started and stopped it (the
 * environment reaches the embedded target; tests compare it with the record).
 */
export const METRICS_FILE_ENV = 'CAPPLAN_TARGET_METRICS_FILE';

/** What main.ts runs: the server options, whether to exit with the parent, where to leave the final metrics. */
export type TargetArgs = { options: TargetServerOptions; exitWithParent: boolean; metricsFile: string | undefined };

/** Flags for `node dist/target/main.js` as spawn.ts starts it: port 0 on 127.0.0.1, tied to its parent. */
export function targetArgs(spec: DemoTargetSpec): string[] {
  const args = [
    '--backend',
    spec.backend,
    '--pool',
    String(spec.pool),
    '--hold-ms',
    String(spec.holdMs),
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--exit-with-parent',
  ];
  if (spec.acquireTimeoutMs !== undefined) args.push('--acquire-timeout-ms', String(spec.acquireTimeoutMs));
  if (spec.failFast) args.push('--fail-fast');
  return args;
}

/** Parses what targetArgs wrote; throws an Error with a one-line message on bad input. */
export function parseTargetArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): TargetArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      backend: { type: 'string', default: 'memory' },
      pool: { type: 'string', default: '20' },
      'hold-ms': { type: 'string', default: '50' },
      'acquire-timeout-ms': { type: 'string' },
      'fail-fast': { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'exit-with-parent': { type: 'boolean', default: false },
    },
  });
  const backend = values.backend;
  if (backend !== 'memory' && backend !== 'postgres')
    throw new Error(`--backend must be memory or postgres, got '${backend}'`);
  const host = values.host;
  if (!isLoopbackHost(host)) throw new Error(`--host must be a loopback address, got '${host}'`);
  const databaseUrl = env[DATABASE_URL_ENV];
  if (backend === 'postgres' && (databaseUrl === undefined || databaseUrl === '')) {
    throw new Error(`the postgres backend needs ${DATABASE_URL_ENV} in the environment`);
  }
  const acquire = values['acquire-timeout-ms'];
  const options: TargetServerOptions = {
    backend,
    pool: numberIn('--pool', values.pool, 1, 10_000, true),
    holdMs: numberIn('--hold-ms', values['hold-ms'], 0, 3_600_000, false),
    acquireTimeoutMs:
      acquire === undefined ? undefined : numberIn('--acquire-timeout-ms', acquire, 1, 3_600_000, false),
    failFast: values['fail-fast'],
    databaseUrl: backend === 'postgres' ? databaseUrl : undefined,
    host,
    port: numberIn('--port', values.port, 0, 65_535, true),
  };
  const metricsFile = env[METRICS_FILE_ENV];
  const exitWithParent = values['exit-with-parent'];
  return { options, exitWithParent, metricsFile: metricsFile === '' ? undefined : metricsFile };
}

function numberIn(flag: string, text: string, min: number, max: number, integer: boolean): number {
  const value = Number(text);
  const shape = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!shape.test(text.trim()) || value < min || value > max) {
    throw new Error(`${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got '${text}'`);
  }
  return value;
}
