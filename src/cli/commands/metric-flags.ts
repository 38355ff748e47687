/**
 * The options `capplan alerts` and `capplan watch` share (the service's metric names and the
 * limits read from the runs), declared once. The values are checked in alerts-options.ts.
 */
import type { Command } from 'commander';
import { collect } from '../command.js';

/** What commander hands over for the shared options. */
export type MetricFlags = {
  metric?: string[];
  selector: string;
  convention?: string;
  warnAt: string;
  latencyBuckets?: string;
  latencyMargin: string;
  rateWindow: string;
};

/** --metric, --selector, --convention, in this order in both commands' help. */
export function declareMetricNames(command: Command, help: { metric: string; convention: string }): Command {
  return command
    .option('--metric <key=name>', help.metric, collect)
    .option('--selector <matchers>', 'label matchers added to every metric, e.g. \'{job="checkout"}\'', '')
    .option('--convention <name>', help.convention);
}

/** --warn-at, --latency-buckets, --latency-margin, --rate-window. */
export function declareLimits(
  command: Command,
  help: { warnAt: string; latencyMargin: string; rateWindow: string },
): Command {
  return command
    .option('--warn-at <pct>', help.warnAt, '80%')
    .option(
      '--latency-buckets <list>',
      "the service's latency histogram bounds in seconds, e.g. 0.05,0.1,0.25 " +
        "(default: the convention's, else Prometheus clients' defaults); the p99 limit is rounded up to one",
    )
    .option('--latency-margin <pct>', help.latencyMargin, '100%')
    .option('--rate-window <duration>', 'range of rate() and increase()', help.rateWindow);
}
