/**
 * buildRunRecord: scenario + the outcome of runLoad -> RunRecord (pure: no clock, no fs).
 * Windows get their stage label, warm-up and drain flags and latency summary; steps come from
 * the measured windows of each phase (record/steps.ts: warm-up and drain left out); secrets
 * are redacted everywhere.
 * The analysis is injected (`analyze`), keeping record/ below analyze/ in the layering.
 */
import { createHash } from 'node:crypto';
import type { RunOutcome } from '../engine/types.js';
import type { WindowSnapshot } from '../metrics/types.js';
import type { Phase, Scenario } from '../scenario/types.js';
import { buildStep, stepErrorSamples } from './steps.js';
import {
  RUN_RECORD_SCHEMA,
  type Analysis,
  type ProbeSeries,
  type RunRecord,
  type StepRecord,
  type WindowRecord,
} from './types.js';
import { storedScenario } from './stored-scenario.js';
import { windowRecordOf } from './window-record.js';

export const REDACTED = '[redacted]';

export type RunEnvironment = RunRecord['environment'];

export type BuildRunRecordInput = {
  scenario: Scenario;
  /** The scenario file's text, for its sha256. */
  scenarioText: string;
  outcome: RunOutcome;
  environment: RunEnvironment;
  toolVersion: string;
  probes?: ProbeSeries[];
  warnings?: string[];
  /** analyze/index.ts analyzeRun, bound to the scenario's SLO and plan. */
  analyze: (record: Omit<RunRecord, 'analysis'>) => Analysis;
};

/** Replaces every secret value by "[redacted]" in every string of `value` (deep copy). */
export function redactSecrets(value: unknown, secrets: readonly string[]): unknown {
  const active = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return active.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    return v;
  };
  return walk(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toWindowRecord(w: WindowSnapshot, phase: Phase): WindowRecord {
  const drain = w.drain === true;
  return windowRecordOf(w, {
    tMs: w.tMs,
    stage: phase.label,
    warmup: !drain && w.tMs < phase.startMs + phase.warmupMs,
    drain,
  });
}

/** Windows and steps of an outcome (exported for shard merges and tests). */
export function buildWindowsAndSteps(
  outcome: RunOutcome,
  model: Scenario['load']['model'],
): { windows: WindowRecord[]; steps: StepRecord[] } {
  const phases = new Map(outcome.phases.map((p) => [p.index, p]));
  const kept = outcome.windows.filter((w) => phases.has(w.phaseIndex));
  const windows = kept.map((w) => toWindowRecord(w, phases.get(w.phaseIndex)!));
  const steps: StepRecord[] = [];
  for (const phase of outcome.phases) {
    const step = buildStep(phase, steps.length, model, windows);
    if (step === undefined) continue;
    step.errorSamples = stepErrorSamples(
      kept.slice(step.windowRange[0], step.windowRange[1] + 1).map((w) => w.errorSamples),
    );
    steps.push(step);
  }
  return { windows, steps };
}

/** The RunRecord of a run (complete or partial). */
export function buildRunRecord(input: BuildRunRecordInput): RunRecord {
  const { scenario, outcome } = input;
  const { windows, steps } = buildWindowsAndSteps(outcome, scenario.load.model);
  const record: Omit<RunRecord, 'analysis'> = {
    schema: RUN_RECORD_SCHEMA,
    tool: { name: 'capplan', version: input.toolVersion },
    scenario: {
      name: scenario.name,
      file: scenario.file,
      sha256: sha256(input.scenarioText),
      resolved: storedScenario(scenario),
    },
    environment: input.environment,
    model: scenario.load.model,
    status: outcome.status,
    ...(outcome.abortReason === undefined ? {} : { abortReason: outcome.abortReason }),
    startedAt: new Date(outcome.startedAtMs).toISOString(),
    endedAt: new Date(outcome.endedAtMs).toISOString(),
    durationMs: Math.max(0, Math.round(outcome.endedAtMs - outcome.startedAtMs)),
    windows,
    steps,
    ...(input.probes === undefined ? {} : { probes: input.probes }),
    warnings: input.warnings ?? [],
    ...adaptiveOf(scenario, outcome, steps),
  };
  return { ...record, analysis: input.analyze(record) };
}

/** An adaptive search's bounds, stop reason and load time (the measured windows of its steps). */
function adaptiveOf(
  scenario: Scenario,
  outcome: RunOutcome,
  steps: readonly StepRecord[],
): Pick<RunRecord, 'adaptive'> {
  const sweep = scenario.load.sweep;
  if (sweep?.adaptive === undefined) return {};
  return {
    adaptive: {
      from: sweep.from,
      to: sweep.to,
      precision: sweep.adaptive.precision,
      maxLoadMs: sweep.adaptive.maxDurationMs,
      stoppedBy: outcome.adaptiveStop ?? outcome.status,
      loadMs: steps.reduce((sum, s) => sum + s.durationMs, 0),
      levels: steps.length,
    },
  };
}
