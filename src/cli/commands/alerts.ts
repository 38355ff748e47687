/**
 * The action of `capplan alerts`: reads the runs, resolves metric names and options, writes
 * the rule file (and the promtool test file), and says on stderr what was written and
 * which rules were left out, with why.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildAlerts } from '../../alerts/index.js';
import type { AlertOptions } from '../../alerts/types.js';
import { UsageError } from '../../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { bucketsFor, duration, metricOptions, metricsFor, readRuns, type MetricOptions } from './alerts-options.js';
import type { MetricFlags } from './metric-flags.js';

/** What commander hands over for the options alerts-command.ts declares. */
export type AlertsFlags = MetricFlags & { out?: string; tests?: string; service?: string; for?: string };

/** Writes a file, creating its folder; a failure is one line, not a stack. */
function writeText(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const serviceName = (name: string): string => name.replace(/[^A-Za-z0-9_.-]+/g, '-');

export type AlertsCommandOptions = MetricOptions & { out?: string; tests?: string; service?: string; forMs?: number };

export function alertsOptions(flags: AlertsFlags): AlertsCommandOptions {
  const { out, tests, service } = flags;
  if (tests !== undefined && out === undefined)
    throw new UsageError('--tests needs --out: the test file refers to the rule file by its path');
  return {
    ...metricOptions(flags),
    ...(out === undefined ? {} : { out }),
    ...(tests === undefined ? {} : { tests }),
    ...(service === undefined ? {} : { service }),
    ...(flags.for === undefined ? {} : { forMs: duration('--for', flags.for) }),
  };
}

export async function alertsCommand(files: string[], opts: AlertsCommandOptions, io: Io): Promise<number> {
  const { out, tests: testFile } = opts;
  const runs = readRuns(files, io);
  const { metrics, source } = metricsFor(opts, runs);
  const options: AlertOptions = {
    service: serviceName(opts.service ?? runs[0]!.record.scenario.name),
    metrics,
    selector: opts.selector,
    warnAt: opts.warnAt,
    latencyMargin: opts.latencyMargin,
    latencyBuckets: bucketsFor(opts, source),
    rateWindowMs: opts.rateWindowMs,
    ...(opts.forMs === undefined ? {} : { forMs: opts.forMs }),
  };
  const result = buildAlerts({
    runs,
    options,
    source,
    command: `capplan alerts ${files.join(' ')}`,
    ...(out === undefined ? {} : { ruleFile: out }),
    ...(testFile === undefined ? {} : { testFile }),
  });
  if (out === undefined) io.stdout.write(result.rules);
  else writeText(resolve(io.cwd, out), result.rules);
  if (testFile !== undefined && result.tests !== undefined) writeText(resolve(io.cwd, testFile), result.tests);
  const where = out ?? 'stdout';
  io.stderr.write(
    `wrote ${where}: ${result.alertCount} alerting and ${result.recordingCount} recording rules` +
      ` (capacity ${result.capacity.rate === null ? 'not measured' : `${Math.round(result.capacity.rate)} req/s`})` +
      `${testFile === undefined ? '' : `; tests in ${testFile}`}\n`,
  );
  for (const s of result.skipped) io.stderr.write(`skipped ${s.rule}: ${s.why}\n`);
  if (source.convention === null && source.given.length === 0) {
    io.stderr.write(
      'hint: no metric names known: give --metric KEY=name (repeatable) or --convention demo|hikaricp|otel\n',
    );
  }
  return ExitCode.ok;
}
