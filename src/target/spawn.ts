/**
 * Starts the demo target as a child process on a free loopback port and stops it.
 * The child is `node dist/target/main.js` started with fork(): the IPC channel is how it
 * notices that capplan died (it exits on 'disconnect'), and it runs in its own process
 * group so a terminal Ctrl-C reaches capplan only, which then stops the child in order.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { CapplanError } from '../errors.js';
import type { DemoTargetSpec } from '../scenario/types.js';
import { DATABASE_URL_ENV, targetArgs } from './args.js';
import { builtEntry, childEnv } from './fork-entry.js';
import { waitForHealthy } from './wait-healthy.js';

export type DemoTargetHandle = {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. Idempotent. */
  stop: () => Promise<void>;
  /** SIGKILL now (a second Ctrl-C while stopping): `stop()` then resolves at once. */
  kill: () => void;
  /** Settles when the child exits, for whatever reason (a crash mid-run included). Never rejects. */
  exited: Promise<ChildExit>;
};

/** How the child ended: an exit code, or the signal that killed it. */
export type ChildExit = { code: number | null; signal: NodeJS.Signals | null };

export type DemoTargetOptions = {
  /** Environment of the child (PG* variables, HOME for .pgpass); the database URL is added. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Bound on start-up: the JSON line, then /healthz answering 200 (default 20 s). */
  startTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on stop (default 3 s). */
  killAfterMs?: number;
};

const STDERR_TAIL_CHARS = 2000;

export async function startDemoTargetProcess(
  spec: DemoTargetSpec,
  options: DemoTargetOptions = {},
): Promise<DemoTargetHandle> {
  const env = childEnv(options.env ?? {});
  if (spec.databaseUrl !== undefined) env[DATABASE_URL_ENV] = spec.databaseUrl;
  const child = fork(builtEntry('main.js', 'the demo target'), targetArgs(spec), {
    env,
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const watch = watchChild(child);
  const stop = stopper(child, watch, options.killAfterMs ?? 3000);
  const deadlineMs = Date.now() + (options.startTimeoutMs ?? 20_000);
  try {
    const url = await watch.firstLine(deadlineMs);
    await waitForHealthy(`${url}/healthz`, deadlineMs, watch.exited);
    detach(child);
    const exited = watch.exited.then(() => ({ code: child.exitCode, signal: child.signalCode }));
    return { url, pid: child.pid ?? -1, stop, kill: () => void child.kill('SIGKILL'), exited };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    const tail = watch.stderrTail();
    throw new CapplanError(
      `the demo target (${spec.backend} backend) did not start: ${reason}${tail === '' ? '' : `; its stderr: ${tail}`}`,
      {
        hint:
          spec.backend === 'postgres'
            ? 'check target.demo.databaseUrl; ' +
              'try `capplan target --backend postgres --database-url <url>` to see the target start on its own'
            : 'try `capplan target` to see the demo target start on its own; run `npm run build` if dist/ is missing',
        cause: error,
      },
    );
  }
}

type ChildWatch = {
  /** Resolves with the url of the first stdout line `{"url": ...}`. */
  firstLine: (deadlineMs: number) => Promise<string>;
  /** Resolves when the child exits (or fails to spawn). */
  exited: Promise<void>;
  stderrTail: () => string;
};

function watchChild(child: ChildProcess): ChildWatch {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    child.once('error', (error) => {
      spawnError = error;
      resolveExit();
    });
  });
  let stdout = '';
  const line = new Promise<string>((resolveLine, rejectLine) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.includes('\n')) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) parseUrlLine(stdout.slice(0, newline)).then(resolveLine, rejectLine);
    });
    void exited.then(() => rejectLine(new Error(spawnError?.message ?? `it exited with ${describeExit(child)}`)));
  });
  line.catch(() => undefined);
  return {
    firstLine: (deadlineMs) => withDeadline(line, deadlineMs, 'no "listening" line'),
    exited,
    stderrTail: () => stderr.trim().split('\n').slice(-5).join(' | '),
  };
}

function parseUrlLine(text: string): Promise<string> {
  try {
    const parsed = JSON.parse(text) as { url?: unknown };
    if (typeof parsed.url === 'string' && parsed.url.startsWith('http://')) return Promise.resolve(parsed.url);
  } catch {
    // fall through: reported below with the line itself
  }
  return Promise.reject(new Error(`unexpected first line ${JSON.stringify(text.slice(0, 200))}`));
}

function withDeadline<T>(promise: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    const waitMs = Math.max(0, deadlineMs - Date.now());
    timer = setTimeout(() => reject(new Error(`${what} within ${waitMs} ms`)), waitMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeExit(child: ChildProcess): string {
  return child.signalCode !== null ? `signal ${child.signalCode}` : `code ${child.exitCode ?? '?'}`;
}

/**
 * Once running, the child must not keep capplan alive: if capplan ends, the IPC channel closes and so does the child.
 */
function detach(child: ChildProcess): void {
  child.stdout?.resume();
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  (child.channel as { unref?: () => void } | null | undefined)?.unref?.();
}

function stopper(child: ChildProcess, watch: ChildWatch, killAfterMs: number): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  let gone = false;
  void watch.exited.then(() => {
    gone = true;
  });
  return () => {
    stopping ??= (async () => {
      if (gone || child.pid === undefined) return;
      child.ref();
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      child.kill('SIGTERM');
      await watch.exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
}
