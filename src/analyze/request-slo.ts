/**
 * Endpoint SLOs (`slo: [{ request: checkout, p99: 300ms }]`): the same checks as the
 * all-requests SLO (slo.ts), on each step as seen by one request name (its `byRequest`
 * counters and histogram). Results carry `request`; `capacityAtSlo` is the highest level
 * that met every SLO, endpoint SLOs included. Pure.
 */
import { EMPTY_LATENCY } from '../metrics/summarize.js';
import type { SloResult, StepRecord } from '../record/types.js';
import type { RequestSloSpec, SloSpec } from '../scenario/types.js';
import { maxOf } from '../stats/index.js';
import { evaluateSlos, overallLatency, type SloEvaluation } from './slo.js';

/** A step as one request name saw it (no per-request data: nothing sent, so nothing measured). */
export function requestView(step: StepRecord, name: string): StepRecord {
  const r = step.byRequest?.[name];
  const ok = r?.ok ?? 0;
  const errorCount = r?.errorCount ?? 0;
  const seconds = step.durationMs / 1000;
  // The step's failed-request histograms are the whole step's: an endpoint's view has ok latency only.
  const { hdrErrors: _hdrErrors, latencyAllMs: _latencyAllMs, ...whole } = step;
  return {
    ...whole,
    sent: r?.sent ?? 0,
    ok,
    errorCount,
    errors: r?.errors ?? {},
    status: r?.status ?? {},
    dropped: 0,
    throughputPerSec: seconds > 0 ? (ok + errorCount) / seconds : 0,
    goodputPerSec: seconds > 0 ? ok / seconds : 0,
    errorRate: ok + errorCount > 0 ? errorCount / (ok + errorCount) : 0,
    latencyMs: r?.latencyMs ?? { ...EMPTY_LATENCY },
    hdr: r?.hdr ?? '',
  };
}

function evaluateOne(
  steps: readonly StepRecord[],
  spec: SloSpec | undefined,
  unstable: ReadonlySet<number>,
): SloEvaluation {
  const overall = spec === undefined ? null : overallLatency(steps, unstable);
  return evaluateSlos(steps, spec, unstable, overall?.summary ?? null, overall?.basis ?? 'ok');
}

/** The all-requests SLO and every endpoint SLO, with the levels that met all of them. */
export function evaluateAllSlos(
  steps: readonly StepRecord[],
  slo: SloSpec | undefined,
  requestSlos: readonly RequestSloSpec[],
  unstable: ReadonlySet<number>,
): { results: SloResult[]; capacityAtSlo: number | null } {
  const overall = evaluateOne(steps, slo, unstable);
  if (requestSlos.length === 0) return { results: overall.results, capacityAtSlo: overall.capacityAtSlo };
  const results = [...overall.results];
  let passing: Set<number> | undefined =
    slo === undefined || overall.results.length === 0 ? undefined : new Set(overall.passingLevels);
  for (const { request, ...spec } of requestSlos) {
    const views = steps.map((s) => requestView(s, request));
    const one = evaluateOne(views, spec, unstable);
    results.push(...one.results.map((r) => ({ ...r, request })));
    if (one.results.length === 0) continue;
    const levels = new Set(one.passingLevels);
    passing = passing === undefined ? levels : new Set([...passing].filter((l) => levels.has(l)));
  }
  const levels = [...(passing ?? [])];
  return { results, capacityAtSlo: levels.length > 0 ? maxOf(levels) : null };
}
