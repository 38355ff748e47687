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
import { bucketsFor, duration, metricOptions, metricsFor, readRuns, type MetricOptions } from './alerts-options.js';
import type { MetricFlags } from './metric-flags.js';

/** What commander hands over for the options watch-command.ts declares. */
export type WatchFlags = MetricFlags & { prometheus: string; from: string[]; every: string; once?: boolean };

async function read(url: string, q: ServiceQueries): Promise<Reading> {
  const one = (query: string | undefined): Promise<number | undefined> =>
    query === undefined ? Promise.resolve(undefined) : queryInstant(url, query);
  const [rate, inflight, waiting, inUseRatio, timeouts, p99] = await Promise.all(
    [q.rate, q.inflight, q.waiting, q.inUseRatio, q.timeouts, q.p99Seconds].map(one),
  );
  return { rate, inflight, waiting, inUseRatio, timeouts, p99Ms: p99 === undefined ? undefined : p99 * 1000 };
}

export type WatchOptions = MetricOptions & { prometheus: string; from: string[]; everyMs: number; once: boolean };

export function watchOptions(flags: WatchFlags): WatchOptions {
  return {
    ...metricOptions(flags),
    prometheus: flags.prometheus,
    from: flags.from,
    everyMs: duration('--every', flags.every, 500),
    once: flags.once === true,
  };
}

export async function watchCommand(opts: WatchOptions, io: Io): Promise<number> {
  const { warnAt, latencyMargin, everyMs } = opts;
  const url = opts.prometheus;
  const runs = readRuns(opts.from, io);
  const { metrics, source } = metricsFor(opts, runs);
  const capacity = capacityOf(runs, warnAt);
  const queries = serviceQueries(metrics, opts.selector, opts.rateWindowMs);
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
      if (opts.once) return verdict.state === 'ok' ? ExitCode.ok : ExitCode.gateFailed;
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
