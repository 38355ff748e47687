/**
 * `capplan run --metrics-port N --remote-write URL`: starts the live metrics export beside a
 * run and hands back the window hook and the stop. The hook runs once per merged window on
 * the main thread (the coordinator's onWindow), never on the workers' request path.
 */
import type { WindowSnapshot } from '../metrics/types.js';
import { createLiveMetrics } from '../export/live-metrics.js';
import { startRemoteWrite } from '../export/remote-write.js';
import { startMetricsServer } from '../export/server.js';
import { UsageError } from '../errors.js';
import { redactUrl } from '../redact-url.js';
import type { Phase, Scenario } from '../scenario/types.js';
import type { Io } from './io.js';

export type LiveExport = { onWindow: (w: WindowSnapshot, phase: Phase) => void; stop: () => Promise<void> };

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new UsageError(`--metrics-port must be a port number 0-65535, got "${value}"`);
  return n;
}

function remoteUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--remote-write must be an http(s) URL like http://127.0.0.1:9090/api/v1/write, got "${text}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--remote-write must be an http(s) URL, got "${redactUrl(text)}"`);
  return text;
}

/** `--metrics-port`, `--remote-write`, checked. */
export type LiveOptions = { metricsPort?: number; remoteWrite?: string };

/**
 * Undefined when neither flag is given. Both are checked here, before anything listens, so a
 * bad one leaves nothing running. The gate's repeated runs have no live export yet: say so
 * rather than ignore the flags.
 */
export function liveOptions(
  flags: { metricsPort?: string; remoteWrite?: string },
  gate: boolean,
): LiveOptions | undefined {
  if (flags.metricsPort === undefined && flags.remoteWrite === undefined) return undefined;
  if (gate) {
    throw new UsageError('--metrics-port and --remote-write do not go with --baseline yet', {
      hint: 'export the live metrics of a plain run, then gate it with `capplan compare`',
    });
  }
  return {
    ...(flags.metricsPort === undefined ? {} : { metricsPort: port(flags.metricsPort) }),
    ...(flags.remoteWrite === undefined ? {} : { remoteWrite: remoteUrl(flags.remoteWrite) }),
  };
}

export async function startLiveExport(options: LiveOptions, scenario: Scenario, io: Io): Promise<LiveExport> {
  const listenPort = options.metricsPort;
  const writeUrl = options.remoteWrite;
  const live = createLiveMetrics({ requestNames: scenario.requests.map((r) => r.name), model: scenario.load.model });
  const server = listenPort === undefined ? undefined : await startMetricsServer(live.registry, listenPort);
  if (server !== undefined) io.stderr.write(`live metrics at ${server.url}\n`);
  const writer =
    writeUrl === undefined
      ? undefined
      : startRemoteWrite(live.registry, writeUrl, {
          labels: { job: 'capplan', scenario: scenario.name },
          onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
        });
  return {
    onWindow: live.onWindow,
    stop: async () => {
      await writer?.stop();
      await server?.close();
    },
  };
}
