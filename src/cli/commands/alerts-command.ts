/**
 * Declares `capplan alerts <run.json...>`: Prometheus rules from measured capacity
 * (src/alerts/). The work is alerts.ts.
 */
import type { DeclareCommand } from '../command.js';
import { declareLimits, declareMetricNames } from './metric-flags.js';
import type { AlertsFlags } from './alerts.js';

export const declareAlerts: DeclareCommand = (program, { io, done }) => {
  const command = program
    .command('alerts')
    .description('write Prometheus alerting and recording rules from the capacity the runs measured')
    .argument('<runs...>', 'run.json files (several: thresholds from the lowest capacity)')
    .option('-o, --out <file>', 'rule file to write (default: stdout)')
    .option(
      '--tests <file>',
      'also write a `promtool test rules` file with series synthesized from the run (needs --out)',
    );
  declareMetricNames(command, {
    metric:
      "the service's metric for inflight, requests, pool_in_use, pool_max, pool_waiting, " +
      'acquire_timeouts or latency_bucket (repeatable)',
    convention: "known metric names: demo (db_pool_*), hikaricp, otel (default: from the run's probe)",
  }).option('--service <name>', 'capplan_service label and group name (default: the scenario name)');
  declareLimits(command, {
    warnAt: 'PoolNearExhaustion above this fraction of capacity',
    latencyMargin: 'LatencyAboveCapacityModel above the modelled p99 by this much',
    rateWindow: '1m',
  })
    .option('--for <duration>', "override every alert's for: (defaults 1m to 5m)")
    .action(async (files: string[], flags: AlertsFlags) => {
      const { alertsCommand, alertsOptions } = await import('./alerts.js');
      done(await alertsCommand(files, alertsOptions(flags), io));
    });
};
