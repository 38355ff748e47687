/** Declares `capplan run <scenario>`; the work is run/ (run/options.ts parses these flags). */
import { collect, type DeclareCommand } from '../command.js';
import type { RunFlags } from './run/options.js';

const EXIT_CODES =
  '\nExit codes: 0 ok, 1 gate/SLO failed, 2 invalid input, 3 aborted, 4 generator saturated, 130 interrupted.';

export const declareRun: DeclareCommand = (program, { io, done }) => {
  program
    .command('run')
    .description('run a scenario, analyze it and write reports')
    .argument('<scenario>', 'scenario file (YAML)')
    .optionsGroup('Load:')
    .option('-w, --workers <n>', 'worker threads (default min(cores-1, 4), at least 1)')
    .option('--set <path=value>', 'override a scenario field, e.g. --set load.sweep.to=64 (repeatable)', collect)
    .optionsGroup('Output:')
    .option('-o, --out <dir>', 'output folder (default reports/<name>-<UTC stamp>)')
    .option('--force', 'write into an --out folder that already holds a run')
    .option('-f, --format <list>', 'report files to write: json,html,md,junit', 'json,html,md,junit')
    .option('--json', 'print the RunRecord on stdout instead of the summary')
    .option('--no-progress', 'no live progress line')
    .optionsGroup('Gate (CI):')
    .option('--baseline <files...>', 'gate against baseline run.json files or a folder of them')
    .option('--repeat <n>', 'runs of the candidate when gating (default 3)')
    .option('--tolerance <pct>', 'gate tolerance (default 10%)')
    .option('--gate-knee', 'fail (not only warn) on a knee regression')
    .optionsGroup('Scale-out:')
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of every level (scale-out)')
    .option('--start-at <iso>', 'start at this wall-clock time (align shards)')
    .optionsGroup('Live metrics:')
    .option('--metrics-port <port>', "serve capplan's live metrics at http://127.0.0.1:PORT/metrics during the run")
    .option('--remote-write <url>', 'push the live metrics to a Prometheus remote-write URL every second')
    .addHelpText('after', EXIT_CODES)
    .action(async (file: string, flags: RunFlags) => {
      const { runCommand, runOptions } = await import('./run/index.js');
      done(await runCommand(file, runOptions(flags, io.now()), io));
    });
};
