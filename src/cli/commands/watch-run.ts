/**
 * The loop of `capplan watch`: query Prometheus for the service's numbers (the same PromQL
 * as the alert rules), assess them (watch/assess.ts), print one line; `--once` exits 0/1.
 * An unreachable Prometheus is one line and exit 3.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyLimitMs } from '../../alerts/latency.js';
import { capacityOf } from '../../alerts/capacity.js';
import { serviceQueries, type ServiceQueries } from '../../alerts/promql.js';
import { assess, watchLine, type Reading, type WatchLimits } from '../../watch/assess.js';
import { PrometheusUnreachableError, queryInstant } from '../../watch/prometheus-api.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { renderError } from '../render-error.js';
import { bucketsFor, duration, fraction, metricsFor, readRuns } from './alerts-options.js';

async function read(url: string, q: ServiceQueries): Promise<Reading> {
  const one = (query: string | undefined): Promise<number | undefined> =>
    query === undefined ? Promise.resolve(undefined) : queryInstant(url, query);
  const [rate, inflight, waiting, inUseRatio, timeouts, p99] = await Promise.all(
    [q.rate, q.inflight, q.waiting, q.inUseRatio, q.timeouts, q.p99Seconds].map(one),
  );
  return { rate, inflight, waiting, inUseRatio, timeouts, p99Ms: p99 === undefined ? undefined : p99 * 1000 };
}

export async function watchCommand(opts: Record<string, unknown>, io: Io): Promise<number> {
  const url = String(opts['prometheus']);
  const runs = readRuns(
    Array.isArray(opts['from']) ? (opts['from'] as unknown[]).map(String) : [String(opts['from'])],
    io,
  );
  const { metrics, source } = metricsFor(opts, runs);
  const warnAt = fraction('--warn-at', opts['warnAt'] ?? '80%', 1);
  const latencyMargin = fraction('--latency-margin', opts['latencyMargin'] ?? '100%', 10);
  const windowMs = duration('--rate-window', opts['rateWindow'] ?? '30s');
  const everyMs = duration('--every', opts['every'] ?? '5s', 500);
  const capacity = capacityOf(runs, warnAt);
  const queries = serviceQueries(metrics, String(opts['selector'] ?? ''), windowMs);
  const limits: WatchLimits = {
    rate: capacity.rate,
    knee: capacity.knee,
    warnAt,
    p99LimitMs:
      capacity.p99Ms === null
        ? null
        : latencyLimitMs(capacity.p99Ms, { latencyMargin, latencyBuckets: bucketsFor(opts, source) }),
  };
  for (const why of capacity.missing) io.stderr.write(`note: ${why}\n`);
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  try {
    for (;;) {
      const reading = await read(url, queries);
      const verdict = assess(reading, limits);
      io.stdout.write(`${watchLine(new Date(io.now()), reading, limits, verdict)}\n`);
      if (opts['once'] === true) return verdict.state === 'ok' ? ExitCode.ok : ExitCode.gateFailed;
      await sleep(everyMs, undefined, { signal: controller.signal }).catch(() => undefined);
      if (controller.signal.aborted) return ExitCode.ok;
    }
  } catch (error) {
    if (!(error instanceof PrometheusUnreachableError)) throw error;
    io.stderr.write(renderError(error, { debug: false }));
    return ExitCode.aborted;
  } finally {
    unsubscribe();
  }
}
