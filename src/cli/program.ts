/**
 * The command line: commander definitions only. Each command lives in commands/<name>.ts,
 * is imported lazily (so `capplan validate` never loads undici or workers), and returns
 * an exit code instead of exiting. `run(argv, io)` is what tests call in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { Io } from './io.js';
import { applyEnvLimits } from './record-limits.js';
import { registerAlertsCommand } from './commands/alerts.js';
import { registerWatchCommand } from './commands/watch.js';
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

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.ok;
  let debug = argv.includes('--debug');
  const program = new Command();
  const done = (code: number): void => {
    exitCode = code;
  };

  program
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

  program
    .command('run')
    .description('run a scenario, analyze it and write reports')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('-o, --out <dir>', 'output folder (default reports/<name>-<UTC stamp>)')
    .option('--force', 'write into an --out folder that already holds a run')
    .option('-f, --format <list>', 'report files to write: json,html,md,junit', 'json,html,md,junit')
    .option('--json', 'print the RunRecord on stdout instead of the summary')
    .option('-w, --workers <n>', 'worker threads (default min(cores-1, 4), at least 1)')
    .option('--set <path=value>', 'override a scenario field, e.g. --set load.sweep.to=64 (repeatable)', collect)
    .option('--baseline <files...>', 'gate against baseline run.json files or a folder of them')
    .option('--repeat <n>', 'runs of the candidate when gating (default 3)')
    .option('--tolerance <pct>', 'gate tolerance (default 10%)')
    .option('--gate-knee', 'fail (not only warn) on a knee regression')
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of every level (scale-out)')
    .option('--start-at <iso>', 'start at this wall-clock time (align shards)')
    .option('--no-progress', 'no live progress line')
    .option('--metrics-port <port>', 'serve capplan\'s live metrics at http://127.0.0.1:PORT/metrics during the run')
    .option('--remote-write <url>', 'push the live metrics to a Prometheus remote-write URL every second')
    .addHelpText('after', '\nExit codes: 0 ok, 1 gate/SLO failed, 2 invalid input, 3 aborted, 4 generator saturated, 130 interrupted.')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { runCommand } = await import('./commands/run/index.js');
      done(await runCommand(file, opts, io));
    });

  program
    .command('validate')
    .description('validate scenario files without sending traffic; every problem as file:line:col: message')
    .argument('<scenarios...>', 'scenario files')
    .action(async (files: string[]) => {
      const { validateCommand } = await import('./commands/validate.js');
      done(await validateCommand(files, io));
    });

  program
    .command('inspect')
    .description('print the schedule (levels, durations, total time, peak) without sending traffic')
    .argument('<scenario>', 'scenario file')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect)
    .option('--json', 'print the schedule as JSON')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { inspectCommand } = await import('./commands/inspect.js');
      done(await inspectCommand(file, opts, io));
    });

  program
    .command('analyze')
    .description('re-run the analysis on a recorded run and print the summary')
    .argument('<run>', 'run.json')
    .option('--json', 'print the analysis as JSON')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { analyzeCommand } = await import('./commands/analyze.js');
      done(await analyzeCommand(file, opts, io));
    });

  program
    .command('report')
    .description('render report files from a recorded run')
    .argument('<run>', 'run.json')
    .option('-f, --format <list>', 'html,md,junit,json', 'html,md,junit')
    .option('-o, --out <dir>', 'output folder (default: next to run.json)')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { reportCommand } = await import('./commands/report.js');
      done(await reportCommand(file, opts, io));
    });

  program
    .command('compare')
    .description('the CI gate: compare candidate runs to a baseline history, noise-aware')
    .requiredOption('--baseline <files...>', 'baseline run.json files, folders, or a history file')
    .requiredOption('--candidate <files...>', 'candidate run.json files')
    .option('--tolerance <pct>', 'practical margin (default 10%)')
    .option('--gate-knee', 'fail (not only warn) on a knee regression')
    .option('--append-history <file>', 'add the candidate runs to this baseline history file when the gate passes')
    .option('--markdown <file>', 'also write the verdict as Markdown')
    .option('--junit <file>', 'also write the verdict as JUnit XML')
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { compareCommand } = await import('./commands/compare.js');
      done(await compareCommand(opts, io));
    });

  program
    .command('plan')
    .description('pool sizing by Erlang C: the pool a target load and latency need')
    .option('--rate <rps>', 'expected arrival rate, req/s')
    .option('--hold <duration>', 'mean connection hold time per request, e.g. 50ms')
    .option('--p99 <duration>', 'target p99 response time, e.g. 250ms')
    .option('--pwait <fraction>', 'max probability of waiting for a connection, e.g. 5%')
    .option('--max-utilization <fraction>', 'utilization cap', '0.85')
    .option('--hold-cv <cv>', 'coefficient of variation of the hold time (1 = exponential, 0 = constant)')
    .option('--peak <rps>', 'expected peak rate for headroom')
    .option('--acquire-timeout <duration>', 'pool acquire timeout, for the absorbable spike length')
    .option('--from <run>', 'take hold time, capacity and hold samples from a recorded run')
    .option('--json', 'print the plan as JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { planCommand } = await import('./commands/plan.js');
      done(await planCommand(opts, io));
    });

  program
    .command('target')
    .description('start the demo target: an HTTP service with a bounded connection pool, on 127.0.0.1')
    .addOption(new Option('--backend <kind>', 'pool backend').choices(['memory', 'postgres']).default('memory'))
    .option('--pool <n>', 'pool size', '20')
    .option('--hold <duration>', 'time each request holds a connection', '50ms')
    .option('--acquire-timeout <duration>', 'fail with 503 after waiting this long for a connection')
    .option('--fail-fast', 'fail with 503 at once when the pool is full')
    .option('--database-url <url>', 'PostgreSQL URL (postgres backend); default CAPPLAN_DATABASE_URL or DATABASE_URL, else an embedded PostgreSQL')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '3000')
    .option('--host <host>', 'loopback address to bind', '127.0.0.1')
    .action(async (opts: Record<string, unknown>) => {
      const { targetCommand } = await import('./commands/target.js');
      done(await targetCommand(opts, io));
    });

  program
    .command('merge')
    .description('merge shard records exactly (HDR add) and re-analyze')
    .argument('<shards...>', 'shard run.json files')
    .requiredOption('-o, --out <file>', 'merged run.json')
    .option('--partial', 'accept an incomplete set of shards')
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const { mergeCommand } = await import('./commands/merge.js');
      done(await mergeCommand(files, opts, io));
    });

  program
    .command('k8s')
    .description('print a Kubernetes Indexed Job + ConfigMap that runs the scenario as shards')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--shards <n>', 'number of shards')
    .option('--image <image>', 'container image with capplan', 'node:20-bookworm-slim')
    .option('--namespace <ns>', 'namespace', 'default')
    .option('--start-delay <duration>', 'time from now until the shards start together', '60s')
    .option('--pvc <claim>', 'existing ReadWriteMany claim for the records (default: create one)')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { k8sCommand } = await import('./commands/k8s.js');
      done(await k8sCommand(file, opts, io));
    });

  program
    .command('init')
    .description('write a commented starter scenario')
    .argument('[file]', 'where to write it', 'capplan.yml')
    .option('--force', 'overwrite an existing file')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { initCommand } = await import('./commands/init.js');
      done(await initCommand(file, opts, io));
    });

  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of scenarios, or of run records with --record')
    .option('--record', 'the RunRecord schema instead')
    .action(async (opts: Record<string, unknown>) => {
      const { schemaCommand } = await import('./commands/schema.js');
      done(await schemaCommand(opts, io));
    });

  program
    .command('doctor')
    .description('check this machine (Node, loopback, open files, CPUs, embedded PostgreSQL, Chromium)')
    .argument('[scenario]', 'compare the open-file limit with this scenario\'s connections')
    .option('-w, --workers <n>', 'worker threads you plan to use (default min(cores-1, 4))')
    .action(async (file: string | undefined, opts: Record<string, unknown>) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      done(await doctorCommand(file, opts, io));
    });
  registerAlertsCommand(program, io, done);
  registerWatchCommand(program, io, done);

  try {
    applyEnvLimits(io.env);
    await program.parseAsync([...argv], { from: 'user' });
    debug = debug || program.opts<{ debug?: boolean }>().debug === true;
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      if (error.code === 'commander.executeSubCommandAsync') return ExitCode.ok;
      return ExitCode.usage;
    }
    io.stderr.write(renderError(error, { debug }));
    return exitCodeFor(error);
  }
}
