/**
 * `capplan analyze run.json [--json]`: re-runs the analysis on a recorded run with the
 * record's own scenario settings (SLOs, plan block, demo acquire timeout, think time) and
 * prints the terminal summary, or the Analysis as one JSON document.
 */
import { resolve } from 'node:path';
import { analyzeRun, type AnalyzeOptions } from '../../analyze/index.js';
import { readRunRecord } from '../../record/read.js';
import { renderTerminal } from '../../report/index.js';
import type { PlanSpec, SloSpec } from '../../scenario/types.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

type Loose = Record<string, unknown>;

function objectAt(value: unknown, key: string): Loose | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as Loose)[key];
  return typeof v === 'object' && v !== null ? (v as Loose) : undefined;
}

function numberAt(value: Loose | undefined, key: string): number | undefined {
  const v = value?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Options from the normalized scenario stored in the record (`scenario.resolved`), if any. */
export function optionsFromScenario(resolved: unknown): AnalyzeOptions {
  const slo = objectAt(resolved, 'slo') as SloSpec | undefined;
  const planRaw = objectAt(resolved, 'plan');
  const plan = planRaw !== undefined && numberAt(planRaw, 'peakRate') !== undefined ? (planRaw as unknown as PlanSpec) : undefined;
  const demo = objectAt(objectAt(resolved, 'target'), 'demo');
  const think = objectAt(objectAt(resolved, 'load'), 'think');
  const acquireTimeoutMs = numberAt(demo, 'acquireTimeoutMs');
  return {
    slo, plan,
    ...(acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs }),
    thinkTime: (numberAt(think, 'maxMs') ?? 0) > 0,
  };
}

export async function analyzeCommand(file: string, opts: Record<string, unknown>, io: Io): Promise<number> {
  const record = readRunRecord(resolve(io.cwd, file));
  const analysis = analyzeRun(record, optionsFromScenario(record.scenario.resolved));
  if (opts['json'] === true) {
    io.stdout.write(JSON.stringify(analysis, null, 2) + '\n');
    return ExitCode.ok;
  }
  io.stdout.write(renderTerminal({ ...record, analysis }, { color: io.color, columns: io.columns }));
  return ExitCode.ok;
}
