/** Declares `capplan target`, the demo target in this process; the work is target.ts. */
import { Option } from 'commander';
import type { DeclareCommand } from '../command.js';
import type { TargetFlags } from './target.js';

export const declareTarget: DeclareCommand = (program, { io, done }) => {
  program
    .command('target')
    .description('start the demo target: an HTTP service with a bounded connection pool, on 127.0.0.1')
    .addOption(new Option('--backend <kind>', 'pool backend').choices(['memory', 'postgres']).default('memory'))
    .option('--pool <n>', 'pool size', '20')
    .option('--hold <duration>', 'time each request holds a connection', '50ms')
    .option('--acquire-timeout <duration>', 'fail with 503 after waiting this long for a connection')
    .option('--fail-fast', 'fail with 503 at once when the pool is full')
    .option(
      '--database-url <url>',
      'PostgreSQL URL (postgres backend); default CAPPLAN_DATABASE_URL or DATABASE_URL, else an embedded PostgreSQL',
    )
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '3000')
    .option('--host <host>', 'loopback address to bind', '127.0.0.1')
    .action(async (flags: TargetFlags) => {
      const { targetCommand, targetOptions } = await import('./target.js');
      done(await targetCommand(targetOptions(flags, io.env), io));
    });
};
