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
import { bucketsFor, duration, fraction, metricsFor, readRuns } from './alerts-options.js';

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

export async function alertsCommand(files: string[], opts: Record<string, unknown>, io: Io): Promise<number> {
  const out = opts['out'] === undefined ? undefined : String(opts['out']);
  const testFile = opts['tests'] === undefined ? undefined : String(opts['tests']);
  if (testFile !== undefined && out === undefined)
    throw new UsageError('--tests needs --out: the test file refers to the rule file by its path');
  const runs = readRuns(files, io);
  const { metrics, source } = metricsFor(opts, runs);
  const options: AlertOptions = {
    service: serviceName(opts['service'] === undefined ? runs[0]!.record.scenario.name : String(opts['service'])),
    metrics,
    selector: String(opts['selector'] ?? ''),
    warnAt: fraction('--warn-at', opts['warnAt'] ?? '80%', 1),
    latencyMargin: fraction('--latency-margin', opts['latencyMargin'] ?? '100%', 10),
    latencyBuckets: bucketsFor(opts, source),
    rateWindowMs: duration('--rate-window', opts['rateWindow'] ?? '1m'),
    ...(opts['for'] === undefined ? {} : { forMs: duration('--for', opts['for']) }),
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
