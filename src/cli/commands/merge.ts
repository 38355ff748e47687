/**
 * `capplan merge <shard.json...> -o run.json [--partial]`: merges the records of a sharded
 * run exactly (scale/merge-shards.ts), re-runs the analysis on the whole, writes the record and
 * prints the summary. Shards that don't belong together are refused with one line (exit 2);
 * an SLO of the merged run that failed exits 1, as `capplan run` does.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeRun } from '../../analyze/index.js';
import { analyzeOptionsFromRecord } from '../../analyze/options.js';
import { UsageError } from '../../errors.js';
import { readRunRecord } from '../../record/read.js';
import type { RunRecord } from '../../record/types.js';
import { writeRunRecord } from '../../record/write.js';
import { renderTerminal } from '../../report/index.js';
import { mergeShardRecords } from '../../scale/merge-shards.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options merge-command.ts declares. */
export type MergeFlags = { out: string; partial?: boolean };

export type MergeOptions = { out: string; partial: boolean };

export const mergeOptions = (flags: MergeFlags): MergeOptions => ({ out: flags.out, partial: flags.partial === true });

export async function mergeCommand(files: string[], options: MergeOptions, io: Io): Promise<number> {
  const outPath = outputPath(options.out, io.cwd);
  const paths = files.map((f) => resolve(io.cwd, f));
  if (paths.includes(outPath)) {
    throw new UsageError(`-o ${options.out} is one of the shard records: it would be overwritten`, {
      hint: 'write the merged record elsewhere, e.g. -o merged/run.json',
    });
  }
  const inputs = files.map((source, i) => ({ source, record: readRunRecord(paths[i]!) }));
  const merged = mergeShardRecords(inputs, { partial: options.partial });
  const record: RunRecord = {
    ...merged,
    analysis: analyzeRun(merged, analyzeOptionsFromRecord(merged.scenario.resolved)),
  };
  writeRunRecord(outPath, record);
  for (const warning of record.warnings) io.stderr.write(`warning: ${warning}\n`);
  const { count, indexes } = record.environment.merged ?? { count: files.length, indexes: [] };
  io.stderr.write(`merged ${indexes.length} of ${count} shards into ${outPath}\n`);
  io.stdout.write(renderTerminal(record, { color: io.color, columns: io.columns, files: [outPath] }));
  if (record.status !== 'completed')
    io.stderr.write(
      'capplan: ' +
        `the merged run is ${record.status}${record.abortReason === undefined ? '' : `: ${record.abortReason}`}\n`,
    );
  // As for `capplan run`: a failed SLO of the whole run is a result, exit 1.
  return record.analysis.slo.some((s) => !s.pass) ? ExitCode.gateFailed : ExitCode.ok;
}

/** `-o` names the merged run.json; an existing folder gets run.json inside it. */
function outputPath(out: string, cwd: string): string {
  if (out.trim() === '') throw new UsageError('merge needs -o <run.json>: where to write the merged record');
  const path = resolve(cwd, out);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'run.json') : path;
}
