/**
 * Which endpoints hold the pool (ANALYSIS.md §9.1 evidence; issue #12 item 3). When the pool
 * runs out, requests that need a connection queue for it: their latency grows by about the
 * pool wait and the pool's errors (acquire timeouts, 503) are theirs; requests that need no
 * connection stay flat. Comparing each request name between a baseline step and the most
 * loaded step (stage runs: the lowest and highest hold stages; sweeps: the lowest and highest
 * levels) splits them. Pure; `endpointEvidence` is also the evidence bottleneck attribution
 * can cite for `connection-pool`.
 */
import type { EndpointResult, RequestResult, StepRecord } from '../record/types.js';
import { classifyErrors, isPoolClass } from './error-classes.js';
import { ERROR_CLASSES } from './types.js';
import { sentenceLevel, sentenceMs, sentencePercent } from '../format.js';
import { maxOf, minOf } from '../stats/index.js';

/**
 * Its latency rises when the median grows by at least RISE_MIN_MS, and by at least
 * RISE_RATIO_P50 times or its p99 by RISE_RATIO times. A queue for the pool delays the
 * typical request; a busy client or host stretches every endpoint's tail alike (a login that
 * needs no connection showed p99 ×2.5 on a loaded 2-core machine, its median +0.1 ms), so a
 * p99 rise alone is not taken as evidence.
 */
export const RISE_RATIO = 1.5;
export const RISE_RATIO_P50 = 1.25;
export const RISE_MIN_MS = 2;
/** A share of the pool errors and an error rate of its own at least these: its errors are pool errors. */
export const POOL_ERROR_SHARE = 0.1;
export const POOL_ERROR_RATE = 0.01;

export type ComparedSteps = { baseline: StepRecord; loaded: StepRecord };

/**
 * The steps to compare: measured holds (ramps left out) with per-request results and a
 * generator that kept up; the first at the lowest level and the first at the highest.
 * Null when there is no pair at two different levels.
 */
export function comparedSteps(steps: readonly StepRecord[]): ComparedSteps | null {
  const holds = steps.filter(
    (s) =>
      s.byRequest !== undefined &&
      s.ok + s.errorCount > 0 &&
      !s.generatorSaturated &&
      (s.kind !== 'stage' || s.level === s.fromLevel),
  );
  if (holds.length < 2) return null;
  const low = minOf(holds.map((s) => s.level));
  const high = maxOf(holds.map((s) => s.level));
  if (!(high > low)) return null;
  return { baseline: holds.find((s) => s.level === low)!, loaded: holds.find((s) => s.level === high)! };
}

function poolErrors(result: RequestResult | undefined, samples: readonly string[]): number {
  if (result === undefined || result.errorCount === 0) return 0;
  const counts = classifyErrors(result.errors, samples);
  return ERROR_CLASSES.filter((c) => isPoolClass(c)).reduce((n, c) => n + counts[c], 0);
}

/** Every request name of the compared steps, judged; [] when there is nothing to compare. */
export function endpointEvidence(steps: readonly StepRecord[]): EndpointResult[] {
  const pair = comparedSteps(steps);
  if (pair === null) return [];
  const { baseline, loaded } = pair;
  const names = Object.keys(loaded.byRequest ?? {});
  const errorsOf = new Map(names.map((n) => [n, poolErrors(loaded.byRequest?.[n], loaded.errorSamples)]));
  const totalPoolErrors = [...errorsOf.values()].reduce((a, b) => a + b, 0);
  return names.map((name) =>
    judge(name, baseline.byRequest?.[name], loaded.byRequest![name]!, {
      poolErrors: errorsOf.get(name)!,
      totalPoolErrors,
      from: baseline.label,
      to: loaded.label,
    }),
  );
}

type Context = { poolErrors: number; totalPoolErrors: number; from: string; to: string };

function judge(name: string, before: RequestResult | undefined, after: RequestResult, c: Context): EndpointResult {
  const p99Before = before !== undefined && before.ok > 0 ? before.latencyMs.p99 : null;
  const p99After = after.ok > 0 ? after.latencyMs.p99 : null;
  const latencyRatio = p99Before !== null && p99After !== null && p99Before > 0 ? p99After / p99Before : null;
  const medianRatio = latencyRatio === null ? null : ratio(before!.latencyMs.p50, after.latencyMs.p50);
  const rises =
    latencyRatio !== null &&
    medianRatio !== null &&
    after.latencyMs.p50 - before!.latencyMs.p50 >= RISE_MIN_MS &&
    (medianRatio >= RISE_RATIO_P50 || (latencyRatio >= RISE_RATIO && p99After! - p99Before! >= RISE_MIN_MS));
  const poolErrorShare = c.totalPoolErrors > 0 ? c.poolErrors / c.totalPoolErrors : 0;
  const completions = after.ok + after.errorCount;
  const poolErrorRate = completions > 0 ? c.poolErrors / completions : 0;
  const pooledErrors = poolErrorShare >= POOL_ERROR_SHARE && poolErrorRate >= POOL_ERROR_RATE;
  const latency =
    latencyRatio === null
      ? `no successful response to compare in ${p99Before === null ? c.from : c.to}`
      : `p99 ×${sentenceLevel(latencyRatio)} (${sentenceMs(p99Before!)} → ${sentenceMs(p99After!)}), ` +
        `p50 ${medianRatio === null ? 'n/a' : `×${sentenceLevel(medianRatio)}`} from ${c.from} to ${c.to}`;
  const errors =
    c.poolErrors === 0
      ? 'no pool errors'
      : `${sentencePercent(poolErrorShare)} of the pool errors (${sentencePercent(poolErrorRate)} of its requests)`;
  const dependsOnPool = rises || pooledErrors;
  const verdict = dependsOnPool ? 'depends on the pool' : c.poolErrors > 0 ? 'barely affected' : 'stays flat';
  return { name, dependsOnPool, latencyRatio, poolErrorShare, why: `${latency}; ${errors}: ${verdict}` };
}

function ratio(before: number, after: number): number | null {
  return before > 0 ? after / before : null;
}

/**
 * One sentence for the summary: "checkout depends on the pool: p99 ×4 at spike, 96 % of the
 * pool errors; catalogue stays flat." Empty when no endpoint depends on the pool.
 */
export function endpointSentence(endpoints: readonly EndpointResult[], loadedLabel: string): string {
  const deps = endpoints.filter((e) => e.dependsOnPool);
  if (deps.length === 0) return '';
  const flat = endpoints.filter((e) => !e.dependsOnPool).map((e) => e.name);
  const detail = (e: EndpointResult): string => {
    const parts = [
      e.latencyRatio === null ? null : `p99 ×${sentenceLevel(e.latencyRatio)} at ${loadedLabel}`,
      e.poolErrorShare > 0 ? `${sentencePercent(e.poolErrorShare)} of the pool errors` : null,
    ].filter((p) => p !== null);
    return parts.join(', ');
  };
  const head =
    deps.length === 1
      ? `${deps[0]!.name} depends on the pool: ${detail(deps[0]!)}`
      : `${list(deps.map((e) => e.name))} depend on the pool ` +
        `(${deps.map((e) => `${e.name}: ${detail(e)}`).join('; ')})`;
  const tail = flat.length === 0 ? '' : `; ${list(flat)} ${flat.length === 1 ? 'stays' : 'stay'} flat`;
  return `${head}${tail}.`;
}

/**
 * `analysis.endpoints` and the sentence for the summary, for records with per-request results
 * of two or more names (one name has nothing to be compared with).
 */
export function analyzeEndpoints(steps: readonly StepRecord[]): { endpoints?: EndpointResult[]; sentence: string } {
  const names = new Set(steps.flatMap((s) => Object.keys(s.byRequest ?? {})));
  if (names.size < 2) return { sentence: '' };
  const endpoints = endpointEvidence(steps);
  const loaded = comparedSteps(steps)?.loaded.label ?? '';
  return { endpoints, sentence: endpointSentence(endpoints, loaded) };
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
