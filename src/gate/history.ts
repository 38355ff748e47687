/**
 * Baselines for the CI gate: the key metrics (`GateSample`) of past runs, read from run
 * records, folders of them, or a baseline history file, and the history file's upkeep.
 *
 * A history file keeps the gate's inputs for many runs in one small JSON document (a
 * run.json with its histograms is far bigger), so a CI cache or a committed file can hold
 * the last 20–30 main-branch runs:
 *
 *   { "schema": "capplan.history/v1", "updatedAt": "<ISO>", "runs": [GateSample, …] }
 *
 * Every failure is a one-line RecordError naming the file (exit 2 in the CLI).
 */
import { readdirSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { GateSample } from './types.js';
import { RecordError } from '../errors.js';
import { readRecordText, readRunRecord } from '../record/read.js';
import { formatPath } from '../record/schema.js';
import { RUN_RECORD_SCHEMA, type RunRecord } from '../record/types.js';

export const HISTORY_SCHEMA = 'capplan.history/v1' as const;

/** Runs a history file keeps by default (the newest). */
export const DEFAULT_HISTORY_RUNS = 30;

export type HistoryFile = { schema: typeof HISTORY_SCHEMA; updatedAt: string; runs: GateSample[] };

const pair = z.tuple([z.number(), z.number()]);
const gateSampleSchema = z.object({
  runId: z.string(),
  scenario: z.string(),
  scenarioSha256: z.string(),
  startedAt: z.string(),
  maxGoodputPerSec: z.number().nullable(),
  maxGoodputCensored: z.boolean(),
  knee: z.object({ concurrency: z.number(), ci95: pair, censored: z.enum(['above', 'below']).nullable() }).nullable(),
  maxLevelTested: z.number().nullable(),
  levelsTested: z.array(z.number()),
  errorOnset: z.number().nullable(),
  slo: z.array(
    z.object({
      metric: z.string(),
      scope: z.string(),
      threshold: z.number(),
      actual: z.number(),
      unit: z.enum(['ms', 'ratio', 'req/s']),
      pass: z.boolean(),
    }),
  ),
  generatorSaturated: z.boolean(),
});
const historySchema = z.object({
  schema: z.literal(HISTORY_SCHEMA),
  updatedAt: z.string(),
  runs: z.array(gateSampleSchema),
});

/**
 * The key metrics of one run. Runs that did not complete (interrupted, aborted) measured
 * only part of their sweep, so they are refused rather than silently under-stating capacity.
 */
export function toGateSample(record: RunRecord, source = record.scenario.file): GateSample {
  if (record.status !== 'completed') {
    throw new RecordError(
      `${source}: the run was ${record.status}${record.abortReason ? ` (${record.abortReason})` : ''}: ` +
        'only completed runs can be gated',
    );
  }
  const a = record.analysis;
  const levels = [...new Set(record.steps.map((s) => s.level))].sort((x, y) => x - y);
  const shard = record.environment.shard;
  return {
    runId: `${record.scenario.name}@${record.startedAt}${shard ? `#${shard.index}/${shard.count}` : ''}`,
    scenario: record.scenario.name,
    scenarioSha256: record.scenario.sha256,
    startedAt: record.startedAt,
    maxGoodputPerSec: a.maxThroughputPerSec?.value ?? null,
    maxGoodputCensored: a.maxThroughputPerSec?.censored ?? false,
    knee:
      a.knee === null
        ? null
        : { concurrency: a.knee.concurrency, ci95: [a.knee.ci95[0], a.knee.ci95[1]], censored: a.knee.censored },
    maxLevelTested: levels.length > 0 ? levels[levels.length - 1]! : null,
    levelsTested: levels,
    errorOnset: a.errorOnset?.concurrency ?? null,
    slo: a.slo.map((s) => ({
      metric: s.metric,
      scope: s.scope,
      threshold: s.threshold,
      actual: s.actual,
      unit: s.unit,
      pass: s.pass,
    })),
    generatorSaturated: saturationSpoiledRun(record),
  };
}

/**
 * True when generator-limited steps spoiled the run's gate metrics. The analyzer leaves such
 * steps out and calls the run "inconclusive" when they reach into the knee region (or leave
 * no max goodput); when it could still conclude from the other steps, the metrics come from
 * steps the generator did not limit, and the run can be gated.
 */
function saturationSpoiledRun(record: RunRecord): boolean {
  if (!record.steps.some((s) => s.generatorSaturated)) return false;
  return record.analysis.verdict === 'inconclusive' || record.analysis.maxThroughputPerSec === null;
}

/**
 * Reads gate samples from each path: a run.json, a history file, or a folder holding
 * either (its *.json files and those of its direct subfolders, e.g. `reports/<run>/run.json`).
 * The same run met twice (by run id) counts once.
 */
export function loadBaseline(paths: readonly string[]): GateSample[] {
  const seen = new Set<string>();
  const samples: GateSample[] = [];
  for (const path of paths) {
    for (const sample of loadPath(path)) {
      if (seen.has(sample.runId)) continue;
      seen.add(sample.runId);
      samples.push(sample);
    }
  }
  return samples;
}

function loadPath(path: string): GateSample[] {
  if (isFolder(path)) {
    const files = jsonFilesIn(path);
    if (files.length === 0)
      throw new RecordError(`${path}: no run.json or history files in this folder (or its subfolders)`);
    return files.flatMap(loadFile);
  }
  return loadFile(path);
}

function loadFile(path: string): GateSample[] {
  const schema = peekSchema(path);
  if (schema === HISTORY_SCHEMA) return readHistory(path).runs;
  if (schema === RUN_RECORD_SCHEMA) return [toGateSample(readRunRecord(path), path)];
  const what = schema === undefined ? 'has no "schema" field' : `has schema ${JSON.stringify(schema)}`;
  throw new RecordError(
    `${path} is neither a run record (${RUN_RECORD_SCHEMA}) nor a baseline history (${HISTORY_SCHEMA}): it ${what}`,
  );
}

/** Reads and validates a history file. */
export function readHistory(path: string): HistoryFile {
  const json = parseJsonFile(path);
  const result = historySchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new RecordError(`${path} is not a valid ${HISTORY_SCHEMA} file: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return result.data as HistoryFile;
}

/**
 * Adds a run (a RunRecord or its GateSample) to the history file at `historyPath`, creating
 * it when missing. A run already there (same run id) is replaced; the newest `maxRuns` runs
 * (by start time) are kept. Written atomically (tmp file + rename). Returns the new history.
 */
export function appendHistory(
  historyPath: string,
  run: RunRecord | GateSample,
  options: { maxRuns?: number; now?: Date } = {},
): HistoryFile {
  const sample = 'schema' in run ? toGateSample(run, historyPath) : run;
  const existing = exists(historyPath) ? readHistory(historyPath).runs : [];
  const runs = [...existing.filter((r) => r.runId !== sample.runId), sample]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .slice(-(options.maxRuns ?? DEFAULT_HISTORY_RUNS));
  const history: HistoryFile = { schema: HISTORY_SCHEMA, updatedAt: (options.now ?? new Date()).toISOString(), runs };
  mkdirSync(dirname(historyPath), { recursive: true });
  const tmp = `${historyPath}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  writeFileSync(tmp, JSON.stringify(history, null, 2) + '\n');
  renameSync(tmp, historyPath);
  return history;
}

function peekSchema(path: string): unknown {
  const json = parseJsonFile(path);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RecordError(`${path} is not a capplan run record or history: expected a JSON object`);
  }
  return (json as { schema?: unknown }).schema;
}

function parseJsonFile(path: string): unknown {
  const text = readRecordText(path, 'pass run.json files, folders of them, or a history file');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RecordError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function jsonFilesIn(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
    else if (entry.isDirectory()) {
      for (const inner of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (inner.isFile() && inner.name.endsWith('.json')) files.push(join(path, inner.name));
      }
    }
  }
  return files;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
