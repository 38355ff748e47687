/** Declares `capplan inspect <scenario>`; the work is inspect.ts. */
import { collect, type DeclareCommand } from '../command.js';
import type { InspectFlags } from './inspect.js';

export const declareInspect: DeclareCommand = (program, { io, done }) => {
  program
    .command('inspect')
    .description('print the schedule (levels, durations, total time, peak) without sending traffic')
    .argument('<scenario>', 'scenario file')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect)
    .option('--json', 'print the schedule as JSON')
    .action(async (file: string, flags: InspectFlags) => {
      const { inspectCommand, inspectOptions } = await import('./inspect.js');
      done(await inspectCommand(file, inspectOptions(flags), io));
    });
};
