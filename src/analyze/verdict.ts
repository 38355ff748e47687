/**
 * CAPKNEE steps 11 and 12 (ANALYSIS.md §3.4) plus the verdict: judge what the detectors
 * found.
 *
 *   verdict     inconclusive  too few usable steps, the generator limited the run (steps
 *                             it saturated, and fewer than 2 clean steps beyond the knee or
 *                             a censored knee), or requests queued inside the generator
 *               not-reached   rising: the knee is above the tested range
 *               pool-exhaustion  plateau/retrograde/error-onset knee attributed to a
 *                             connection pool by server-side evidence (bottleneck/: pool
 *                             gauges, pg_stat_activity, Server-Timing pool wait, pool
 *                             exhaustion messages); the N/X queueing signature alone is not
 *               saturation    any other knee (smooth, soft, or another or unknown resource)
 *   reason      error-onset when errors begin within one step of the knee, else the
 *               earliest of retrograde / throughput-plateau / latency-growth
 *   confidence  high: CI ≤ 20 % of the knee, ≥ 2 usable steps each side, Little ≤ 5 %,
 *               plateau or retrograde; medium: CI ≤ 50 %; low otherwise or when a step was
 *               excluded for generator saturation; n/a for censored knees; one grade lower
 *               when the attribution evidence conflicts (ANALYSIS.md §9.1)
 *
 * Stage scenarios (no fit; stages/bounds.ts): inconclusive when the generator limited a
 * stage, requests queued in the generator, or no stage is unsaturated; not-reached when
 * every hold scaled with its load; pool-exhaustion when the attribution names a connection
 * pool; else saturation. Confidence from stages is never high: medium with pool evidence, a knee
 * interval within ±20 % and Little's law within 5 % on the holds used; low otherwise.
 */
import type { Confidence, Reason, Verdict } from '../record/types.js';
import type { Findings } from './findings.js';

export type Judgement = { verdict: Verdict; reason: Reason | null; confidence: Confidence; why: string | null };

/** The run says nothing about the target: why, or null. */
export function inconclusiveWhy(f: Findings): string | null {
  if (f.stages !== null || f.steps.every((s) => s.kind === 'stage')) {
    if (f.generatorLimitedAt !== null) return 'generator-limited';
    if (f.clientQueueing !== null) return 'client-queueing';
    return f.stages === null ? (f.noFit ?? 'too few usable stages') : null;
  }
  if (f.knee === null) return f.generatorLimitedAt !== null ? 'generator-limited' : (f.noFit ?? 'too few usable steps');
  if (f.clientQueueing !== null) return 'client-queueing';
  const k = f.knee;
  if (f.generatorLimitedAt !== null && k !== null) {
    // A plateau the generator caused looks exactly like a pool. Trust the knee only when at
    // least 2 steps the generator kept up with lie beyond it and show the plateau themselves.
    if (k.censored !== null) return 'generator-limited';
    const hi = f.kneeCi?.[1] ?? f.kneeValue ?? 0;
    if (f.usable.filter((s) => s.x > hi).length < 2) return 'generator-limited';
  }
  return null;
}

/** Server-side evidence names a connection pool (bottleneck/attribute.ts). */
function poolEvidence(f: Findings): boolean {
  return f.attribution?.bottleneck.resource === 'connection-pool';
}

const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low', 'n/a': 'n/a' };

/** Conflicting attribution evidence lowers the confidence one grade. */
function tempered(f: Findings, c: Confidence): Confidence {
  return f.attribution?.conflicting === true ? LOWER[c] : c;
}

/** error-onset wins when the onset bracket's lower end ≤ the knee's CI upper bound. */
export function chooseReason(f: Findings): Reason | null {
  const k = f.knee;
  if (k === null) return null;
  const hi = f.kneeCi?.[1] ?? f.kneeValue;
  if (f.errorOnset !== null && (k.censored !== null || hi === null || f.errorOnset.bracket[0] <= hi))
    return 'error-onset';
  if (k.censored !== null) return null;
  const at = f.kneeValue ?? Number.POSITIVE_INFINITY;
  const kneeReason: Reason =
    k.shape === 'retrograde' || (k.shape === 'smooth' && (k.fits.m3?.nPeak ?? Infinity) <= (f.steps.at(-1)?.x ?? 0))
      ? 'retrograde'
      : 'throughput-plateau';
  if (f.latencyOnset !== null && f.latencyOnset < at && f.open === null) return 'latency-growth';
  return kneeReason;
}

export function chooseConfidence(f: Findings, verdict: Verdict): Confidence {
  const k = f.knee;
  if (k === null || k.censored !== null || f.kneeValue === null) return 'n/a';
  if (verdict === 'inconclusive' || f.generatorLimitedAt !== null || f.clientQueueing !== null) return 'low';
  const knee = f.kneeValue;
  const ci = f.kneeCi ?? [knee, knee];
  const width = (ci[1] - ci[0]) / knee;
  const left = f.usable.filter((s) => s.x < knee).length;
  const right = f.usable.filter((s) => s.x >= knee).length + (f.open?.unstableLevels.length ?? 0);
  const littleOk = f.usable.every((s) => s.littleDeviation <= 0.05);
  const shapeOk = k.shape === 'plateau' || k.shape === 'retrograde';
  if (width <= 0.2 && left >= 2 && right >= 2 && littleOk && shapeOk) return 'high';
  if (width <= 0.5 && left >= 1 && right >= 1) return 'medium';
  return 'low';
}

/** A stage scenario judged by its bounds (stages/bounds.ts). */
function judgeStages(f: Findings, b: NonNullable<Findings['stages']>): Judgement {
  if (b.knee === null) return { verdict: 'not-reached', reason: null, confidence: 'n/a', why: null };
  const evidence = poolEvidence(f);
  const hi = f.kneeCi?.[1] ?? b.knee;
  const reason: Reason = f.errorOnset !== null && f.errorOnset.bracket[0] <= hi ? 'error-onset' : 'throughput-plateau';
  const used = [b.anchor, ...b.saturated];
  const medium = evidence && b.halfWidth <= 0.2 && used.every((s) => s.littleDeviation <= 0.05);
  const confidence = tempered(f, medium ? 'medium' : 'low');
  return { verdict: evidence ? 'pool-exhaustion' : 'saturation', reason, confidence, why: null };
}

export function judge(f: Findings): Judgement {
  const why = inconclusiveWhy(f);
  if (why !== null)
    return {
      verdict: 'inconclusive',
      reason: null,
      confidence: f.knee === null && f.kneeValue === null ? 'n/a' : 'low',
      why,
    };
  if (f.stages !== null) return judgeStages(f, f.stages);
  const k = f.knee as NonNullable<Findings['knee']>;
  const reason = chooseReason(f);
  let verdict: Verdict;
  if (k.censored === 'above') verdict = 'not-reached';
  else if (
    (k.shape === 'plateau' ||
      k.shape === 'retrograde' ||
      k.shape === 'saturated-from-start' ||
      reason === 'error-onset') &&
    poolEvidence(f)
  )
    verdict = 'pool-exhaustion';
  else verdict = 'saturation';
  return { verdict, reason, confidence: tempered(f, chooseConfidence(f, verdict)), why: null };
}
