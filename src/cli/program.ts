/**
 * The command line, assembled: the program's own flags and help, then one declaration per
 * command (commands/<name>-command.ts, which lazy-loads its work: see command.ts). Commands
 * return an exit code instead of exiting. `run(argv, io)` is what tests call in-process.
 */
import { Command, CommanderError } from 'commander';
import type { CommandContext, DeclareCommand } from './command.js';
import { declareAlerts } from './commands/alerts-command.js';
import { declareAnalyze } from './commands/analyze-command.js';
import { declareCompare } from './commands/compare-command.js';
import { declareDoctor } from './commands/doctor-command.js';
import { declareInit } from './commands/init-command.js';
import { declareInspect } from './commands/inspect-command.js';
import { declareK8s } from './commands/k8s-command.js';
import { declareMerge } from './commands/merge-command.js';
import { declarePlan } from './commands/plan-command.js';
import { declareReport } from './commands/report-command.js';
import { declareRun } from './commands/run-command.js';
import { declareSchema } from './commands/schema-command.js';
import { declareTarget } from './commands/target-command.js';
import { declareValidate } from './commands/validate-command.js';
import { declareWatch } from './commands/watch-command.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { Io } from './io.js';
import { applyEnvLimits } from './record-limits.js';
import { renderError } from './render-error.js';
import { TOOL_VERSION } from './version.js';

const EXAMPLES = `
Examples:
  $ capplan run scenarios/spike.yml                 reproduce a pool outage on the demo target
  $ capplan run scenarios/capacity.yml --workers 2  find the knee with a concurrency sweep
  $ capplan inspect scenarios/capacity.yml          show the schedule without sending traffic
  $ capplan analyze reports/capacity-*/run.json     re-analyze a recorded run
  $ capplan compare --baseline base/*.json --candidate run.json   CI gate on capacity
  $ capplan plan --rate 1000 --hold 50ms --p99 250ms              size a pool (Erlang C)
`;

/** In the order of `capplan --help`. */
const COMMANDS: readonly DeclareCommand[] = [
  declareRun,
  declareValidate,
  declareInspect,
  declareAnalyze,
  declareReport,
  declareCompare,
  declarePlan,
  declareTarget,
  declareMerge,
  declareK8s,
  declareInit,
  declareSchema,
  declareDoctor,
  declareAlerts,
  declareWatch,
];

/** Help, version, usage errors: what commander itself ends with. */
const COMMANDER_OK = new Set([
  'commander.helpDisplayed',
  'commander.version',
  'commander.help',
  'commander.executeSubCommandAsync',
]);

function createProgram(io: Io): Command {
  return new Command()
    .name('capplan')
    .description('Load testing and capacity planning: find where the connection pool runs out, before production does.')
    .version(TOOL_VERSION, '-V, --version')
    .option('--debug', 'print stacks for errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    });
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.ok;
  let debug = argv.includes('--debug');
  const program = createProgram(io);
  const context: CommandContext = { io, done: (code) => void (exitCode = code) };
  for (const declare of COMMANDS) declare(program, context);
  try {
    applyEnvLimits(io.env);
    await program.parseAsync([...argv], { from: 'user' });
    debug = debug || program.opts<{ debug?: boolean }>().debug === true;
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return COMMANDER_OK.has(error.code) ? ExitCode.ok : ExitCode.usage;
    io.stderr.write(renderError(error, { debug }));
    return exitCodeFor(error);
  }
}
