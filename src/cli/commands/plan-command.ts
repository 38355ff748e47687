/** Declares `capplan plan`, pool sizing by Erlang C; the work is plan.ts. */
import type { DeclareCommand } from '../command.js';
import type { PlanFlags } from './plan.js';

export const declarePlan: DeclareCommand = (program, { io, done }) => {
  program
    .command('plan')
    .description('pool sizing by Erlang C: the pool a target load and latency need')
    .optionsGroup('Workload:')
    .option('--rate <rps>', 'expected arrival rate, req/s')
    .option('--peak <rps>', 'expected peak rate for headroom')
    .option('--hold <duration>', 'mean connection hold time per request, e.g. 50ms')
    .option('--hold-cv <cv>', 'coefficient of variation of the hold time (1 = exponential, 0 = constant)')
    .option('--from <run>', 'take hold time, capacity and hold samples from a recorded run')
    .optionsGroup('Targets:')
    .option('--p99 <duration>', 'target p99 response time, e.g. 250ms')
    .option('--pwait <fraction>', 'max probability of waiting for a connection, e.g. 5%')
    .option('--max-utilization <fraction>', 'utilization cap', '0.85')
    .option('--acquire-timeout <duration>', 'pool acquire timeout, for the absorbable spike length')
    .optionsGroup('Output:')
    .option('--json', 'print the plan as JSON')
    .action(async (flags: PlanFlags) => {
      const { planCommand, planOptions } = await import('./plan.js');
      done(await planCommand(planOptions(flags), io));
    });
};
