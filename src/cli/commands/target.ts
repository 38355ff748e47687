/**
 * `capplan target`: the demo target in this process, until Ctrl-C (DESIGN.md §9).
 * Flags are declared in target-command.ts; this checks them and runs target/server.ts.
 */
import { CapplanError, UsageError } from '../../errors.js';
import { parseDurationMs } from '../../scenario/duration.js';
import type { DemoBackend } from '../../scenario/types.js';
import { isLoopbackHost } from '../../target/loopback.js';
import { redactUrl } from '../../redact-url.js';
import { startTargetServer } from '../../target/server.js';
import type { TargetServerOptions } from '../../target/server.js';
import { DATABASE_URL_ENV, startEmbedded } from '../demo-database.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options target-command.ts declares. */
export type TargetFlags = {
  backend: string;
  pool: string;
  hold: string;
  acquireTimeout?: string;
  failFast?: boolean;
  databaseUrl?: string;
  port: string;
  host: string;
};

export async function targetCommand(given: TargetServerOptions, io: Io): Promise<number> {
  const embedded =
    given.backend === 'postgres' && given.databaseUrl === undefined ? await startEmbedded(io) : undefined;
  try {
    return await serveUntilInterrupted(
      embedded === undefined ? given : { ...given, databaseUrl: embedded.url },
      io,
      embedded !== undefined,
    );
  } finally {
    await embedded?.stop();
  }
}

async function serveUntilInterrupted(options: TargetServerOptions, io: Io, embedded: boolean): Promise<number> {
  let server;
  try {
    server = await startTargetServer(options);
  } catch (error) {
    throw new CapplanError(`the demo target did not start: ${error instanceof Error ? error.message : String(error)}`, {
      hint:
        options.backend === 'postgres'
          ? 'is PostgreSQL running and the URL right? try `psql <url> -c "select 1"`'
          : 'try another --port (0 = any free port)',
      cause: error,
    });
  }
  io.stderr.write(`capplan target: listening on ${server.url}\n`);
  io.stderr.write(`capplan target: ${describe(options, embedded)}; /metrics (Prometheus), /healthz; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve();
    });
  });
  io.stderr.write('capplan target: stopping\n');
  await server.close();
  return ExitCode.ok;
}

/** Checks the flags (`env` gives the database URL when --database-url does not); one-line UsageErrors. */
export function targetOptions(
  flags: TargetFlags,
  env: Readonly<Record<string, string | undefined>>,
): TargetServerOptions {
  const backend = flags.backend as DemoBackend;
  if (backend !== 'memory' && backend !== 'postgres')
    throw new UsageError(`--backend must be memory or postgres, got '${String(backend)}'`);
  const { host } = flags;
  if (!isLoopbackHost(host)) {
    throw new UsageError(
      `--host ${host} is not a loopback address: the demo target listens on 127.0.0.1 (or ::1) only`,
      {
        hint: 'load tests on this machine go to loopback; use --host 127.0.0.1',
      },
    );
  }
  // None given: targetCommand starts an embedded PostgreSQL.
  const databaseUrl = [flags.databaseUrl, env[DATABASE_URL_ENV], env['DATABASE_URL']].find(
    (u) => u !== undefined && u !== '',
  );
  const acquire = flags.acquireTimeout;
  return {
    backend,
    pool: integerOpt(flags.pool, '--pool', 1, 10_000),
    holdMs: durationOpt(flags.hold, '--hold'),
    acquireTimeoutMs: acquire === undefined ? undefined : durationOpt(acquire, '--acquire-timeout'),
    failFast: flags.failFast === true,
    databaseUrl: backend === 'postgres' ? databaseUrl : undefined,
    host,
    port: integerOpt(flags.port, '--port', 0, 65_535),
  };
}

function describe(o: TargetServerOptions, embedded: boolean): string {
  const where = embedded ? 'embedded' : redactUrl(o.databaseUrl ?? '');
  const pool = o.backend === 'postgres' ? `PostgreSQL pool of ${o.pool} (${where})` : `memory pool of ${o.pool}`;
  const timeout = o.failFast
    ? 'fail-fast when full'
    : o.acquireTimeoutMs === undefined
      ? 'no acquire timeout'
      : `acquire timeout ${o.acquireTimeoutMs} ms`;
  return `${pool}, hold ${o.holdMs} ms per request, ${timeout}`;
}

function integerOpt(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function durationOpt(text: string, flag: string): number {
  const ms = parseDurationMs(text.trim());
  if (ms === undefined) throw new UsageError(`${flag} must be a duration like 50ms, 1s or 1m30s, got '${text}'`);
  return ms;
}
