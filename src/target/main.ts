/**
 * Child-process entry of the demo target (spawned by spawn.ts, or run by hand):
 * `node dist/target/main.js --backend memory --pool 20 --hold-ms 50 --port 0`.
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` on stdout once listening.
 * Ends on SIGTERM/SIGINT, and when the parent's IPC channel closes (the parent died),
 * so a crashed capplan never leaves a target behind. With CAPPLAN_TARGET_METRICS_FILE set, it
 * writes its final /metrics exposition there once it has stopped.
 */
import { writeFile } from 'node:fs/promises';
import { parseTargetArgs } from './args.js';
import { startTargetServer } from './server.js';
import type { TargetServer } from './server.js';

/** If a library still holds the event loop after a clean shutdown, leave anyway after this. */
const EXIT_SAFETY_MS = 2000;

async function main(): Promise<void> {
  let server: TargetServer;
  let exitWithParent: boolean;
  let metricsFile: string | undefined;
  try {
    const args = parseTargetArgs(process.argv.slice(2), process.env);
    exitWithParent = args.exitWithParent;
    metricsFile = args.metricsFile;
    server = await startTargetServer(args.options);
  } catch (error) {
    process.stderr.write(`capplan target: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    if (process.connected) process.disconnect();
    return;
  }
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server
      .close()
      .then(() => writeFinalMetrics(server, metricsFile))
      .then(
        () => finish(0),
        (error: unknown) => {
          process.stderr.write(
            `capplan target: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          finish(1);
        },
      );
  };
  const finish = (code: number): void => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.exitCode = code;
    if (process.connected) process.disconnect();
    // A child must not outlive its parent because a library leaked a handle.
    // eslint-disable-next-line n/no-process-exit
    setTimeout(() => process.exit(code), EXIT_SAFETY_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (exitWithParent) {
    // The IPC channel exists only to notice the parent's death; it must not keep us alive.
    process.on('disconnect', stop);
    process.channel?.unref();
    // The parent may have died while we were starting, before the listener existed.
    if (!process.connected) stop();
  }
}

/** After close no request can change a counter: the file holds the final counts. */
async function writeFinalMetrics(server: TargetServer, file: string | undefined): Promise<void> {
  if (file === undefined) return;
  await writeFile(file, await server.metricsText());
}

await main();
