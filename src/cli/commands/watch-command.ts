/**
 * Declares `capplan watch --prometheus URL --from run.json`: a live service's metrics against
 * its measured capacity, one line per interval. The work is watch.ts.
 */
import type { DeclareCommand } from '../command.js';
import { declareLimits, declareMetricNames } from './metric-flags.js';
import type { WatchFlags } from './watch.js';

export const declareWatch: DeclareCommand = (program, { io, done }) => {
  const command = program
    .command('watch')
    .description(
      "poll a live service's metrics in Prometheus and judge them against the measured capacity (sends no load)",
    )
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. http://127.0.0.1:9090')
    .requiredOption('--from <runs...>', 'run.json files with the measured capacity');
  declareMetricNames(command, {
    metric: "the service's metric names, as for `capplan alerts` (repeatable)",
    convention: "known metric names: demo, hikaricp, otel (default: from the run's probe)",
  });
  declareLimits(command, {
    warnAt: '"near capacity" above this fraction of capacity',
    latencyMargin: 'p99 above the modelled p99 by this much counts',
    rateWindow: '30s',
  })
    .option('--every <duration>', 'time between lines', '5s')
    .option('--once', 'print one assessment and exit: 0 ok, 1 anything else')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok (or stopped by Ctrl-C), 1 --once and not ok, 2 invalid input, 3 Prometheus unreachable.',
    )
    .action(async (flags: WatchFlags) => {
      const { watchCommand, watchOptions } = await import('./watch.js');
      done(await watchCommand(watchOptions(flags), io));
    });
};
