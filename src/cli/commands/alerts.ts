/**
 * `capplan alerts <run.json...>`: Prometheus rules from measured capacity (src/alerts/).
 * Registers its own options, so program.ts only adds one line; the work is lazy-loaded.
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAlertsCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('alerts')
    .description('write Prometheus alerting and recording rules from the capacity the runs measured')
    .argument('<runs...>', 'run.json files (several: thresholds from the lowest capacity)')
    .option('-o, --out <file>', 'rule file to write (default: stdout)')
    .option(
      '--tests <file>',
      'also write a `promtool test rules` file with series synthesized from the run (needs --out)',
    )
    .option(
      '--metric <key=name>',
      "the service's metric for inflight, requests, pool_in_use, pool_max, pool_waiting, " +
        'acquire_timeouts or latency_bucket (repeatable)',
      collect,
    )
    .option('--selector <matchers>', 'label matchers added to every metric, e.g. \'{job="checkout"}\'', '')
    .option(
      '--convention <name>',
      "known metric names: demo (db_pool_*), hikaricp, otel (default: from the run's probe)",
    )
    .option('--service <name>', 'capplan_service label and group name (default: the scenario name)')
    .option('--warn-at <pct>', 'PoolNearExhaustion above this fraction of capacity', '80%')
    .option(
      '--latency-buckets <list>',
      "the service's latency histogram bounds in seconds, e.g. 0.05,0.1,0.25 " +
        "(default: the convention's, else Prometheus clients' defaults); the p99 limit is rounded up to one",
    )
    .option('--latency-margin <pct>', 'LatencyAboveCapacityModel above the modelled p99 by this much', '100%')
    .option('--rate-window <duration>', 'range of rate() and increase()', '1m')
    .option('--for <duration>', "override every alert's for: (defaults 1m to 5m)")
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const { alertsCommand } = await import('./alerts-run.js');
      done(await alertsCommand(files, opts, io));
    });
}
