/**
 * `capplan watch --prometheus URL --from run.json`: a live service's metrics against its
 * measured capacity, one line per interval. Registers its own options; lazy-loads the work.
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerWatchCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('watch')
    .description(
      "poll a live service's metrics in Prometheus and judge them against the measured capacity (sends no load)",
    )
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. http://127.0.0.1:9090')
    .requiredOption('--from <runs...>', 'run.json files with the measured capacity')
    .option('--metric <key=name>', "the service's metric names, as for `capplan alerts` (repeatable)", collect)
    .option('--selector <matchers>', 'label matchers added to every metric, e.g. \'{job="checkout"}\'', '')
    .option('--convention <name>', "known metric names: demo, hikaricp, otel (default: from the run's probe)")
    .option('--warn-at <pct>', '"near capacity" above this fraction of capacity', '80%')
    .option(
      '--latency-buckets <list>',
      "the service's latency histogram bounds in seconds, e.g. 0.05,0.1,0.25 " +
        "(default: the convention's, else Prometheus clients' defaults); the p99 limit is rounded up to one",
    )
    .option('--latency-margin <pct>', 'p99 above the modelled p99 by this much counts', '100%')
    .option('--rate-window <duration>', 'range of rate() and increase()', '30s')
    .option('--every <duration>', 'time between lines', '5s')
    .option('--once', 'print one assessment and exit: 0 ok, 1 anything else')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok (or stopped by Ctrl-C), 1 --once and not ok, 2 invalid input, 3 Prometheus unreachable.',
    )
    .action(async (opts: Record<string, unknown>) => {
      const { watchCommand } = await import('./watch-run.js');
      done(await watchCommand(opts, io));
    });
}
