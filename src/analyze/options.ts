/**
 * The analysis options a recorded run implies, read from its stored scenario
 * (`RunRecord.scenario.resolved`: the normalized Scenario, secrets redacted). `capplan run`
 * has the Scenario itself and uses `analyzeOptionsFor`; `analyze`, `plan` and `merge` only
 * have the record, whose scenario is untyped JSON: fields of the wrong type are left out, so
 * re-analyzing a record gives the same analysis as the run that wrote it.
 */
import type { PlanSpec, RequestSloSpec, SloSpec } from '../scenario/types.js';
import type { AnalyzeOptions } from './index.js';

const SLO_KEYS = ['p50Ms', 'p90Ms', 'p95Ms', 'p99Ms', 'p999Ms', 'errorRate', 'minThroughputPerSec'] as const;

type Loose = Record<string, unknown>;

export function analyzeOptionsFromRecord(resolved: unknown): AnalyzeOptions {
  const scenario = isObject(resolved) ? resolved : {};
  const options: AnalyzeOptions = {};
  const slo = scenario['slo'];
  if (isObject(slo)) {
    const spec: SloSpec = {};
    for (const key of SLO_KEYS) if (isNumber(slo[key])) spec[key] = slo[key];
    options.slo = spec;
  }
  const requestSlos = requestSlosOf(scenario['requestSlos']);
  if (requestSlos.length > 0) options.requestSlos = requestSlos;
  const plan = scenario['plan'];
  if (isObject(plan) && isNumber(plan['peakRate'])) {
    const spec: PlanSpec = {
      peakRate: plan['peakRate'],
      p99Ms: numberOrUndefined(plan['p99Ms']),
      pwait: numberOrUndefined(plan['pwait']),
      maxUtilization: numberOrUndefined(plan['maxUtilization']) ?? 0.85,
      spikeFactor: numberOrUndefined(plan['spikeFactor']) ?? 1,
    };
    options.plan = spec;
  }
  const demo = objectAt(objectAt(scenario, 'target'), 'demo');
  const acquireTimeoutMs = numberOrUndefined(demo?.['acquireTimeoutMs']);
  if (acquireTimeoutMs !== undefined) options.acquireTimeoutMs = acquireTimeoutMs;
  const think = objectAt(objectAt(scenario, 'load'), 'think');
  if (think !== undefined) {
    options.thinkTime = (numberOrUndefined(think['maxMs']) ?? 0) > 0 || flowsThink(scenario['flows']);
  }
  return options;
}

/** Some step of a stored flow pauses after it (`think`), as analyzeOptionsFor reads it. */
function flowsThink(flows: unknown): boolean {
  if (!Array.isArray(flows)) return false;
  return flows
    .filter(isObject)
    .some(
      (f) =>
        Array.isArray(f['steps']) &&
        f['steps'].filter(isObject).some((s) => (numberOrUndefined(objectAt(s, 'think')?.['maxMs']) ?? 0) > 0),
    );
}

function requestSlosOf(value: unknown): RequestSloSpec[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((entry) => {
    const request = entry['request'];
    if (typeof request !== 'string') return [];
    const spec: RequestSloSpec = { request };
    for (const key of SLO_KEYS) if (isNumber(entry[key])) spec[key] = entry[key];
    return [spec];
  });
}

function objectAt(value: Loose | undefined, key: string): Loose | undefined {
  const v = value?.[key];
  return isObject(v) ? v : undefined;
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return isNumber(value) ? value : undefined;
}
