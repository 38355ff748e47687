/**
 * The verdict as one sentence a person can act on, e.g.
 *   "Pool exhaustion begins at ~20 concurrent requests (95% CI 19–22): goodput plateaus at
 *    398 req/s while latency grows 2.5 ms per extra request; estimated pool 20 connections
 *    (Server-Timing)."
 * Censored knees are written as bounds ("above 16", "at or below 30"), never as values.
 */
import type { SpikeResult } from '../record/types.js';
import { dominantClass } from './error-classes.js';
import type { Findings } from './findings.js';
import { sentenceLevel, sentenceMs, sentencePercent, sentenceRange, sentenceRate } from '../format.js';
import type { StageBounds } from './stages/bounds.js';
import type { StepSummary } from './types.js';
import type { Judgement } from './verdict.js';

function unit(f: Findings): string {
  return f.model === 'open' ? 'concurrent requests in flight' : 'concurrent requests';
}

function poolClause(f: Findings): string {
  const p = f.pool;
  if (p === null) return '';
  if (p.method === 'pg-stat-activity') {
    return `; pool of ${sentenceLevel(p.size)} connections (PostgreSQL active connections pinned from the knee on)`;
  }
  const range = p.ci95[1] - p.ci95[0] >= 1 ? ` (95% CI ${sentenceRange(p.ci95)})` : '';
  return p.basis === 'server-timing'
    ? `; estimated pool ${sentenceLevel(p.size)} connections${range} (Server-Timing)`
    : `; estimated pool at most ${sentenceLevel(p.size)} connections (upper bound Xmax·R0: no Server-Timing)`;
}

function kneeHead(f: Findings, lead: string): string {
  const range = f.kneeCi !== null && f.kneeValue !== null ? sentenceRange(f.kneeCi) : null;
  if (f.open !== null) {
    const [lo, hi] = f.open.rateBracket;
    return (
      `${lead} between ${sentenceRate(lo)} and ${sentenceRate(hi)} req/s ` +
      `(~${sentenceLevel(f.kneeValue ?? 0)} requests in flight${range === null ? '' : `, 95% CI ${range}`})`
    );
  }
  return `${lead} at ~${sentenceLevel(f.kneeValue ?? 0)} ${unit(f)}${range === null ? '' : ` (95% CI ${range})`}`;
}

function evidenceClause(f: Findings, j: Judgement): string {
  const k = f.knee;
  const xmax = sentenceRate(f.xmax ?? 0);
  const parts: string[] = [];
  if (j.reason === 'error-onset' && f.errorOnset !== null) {
    parts.push(
      `errors (${f.errorOnset.kind}) ` +
        `start at ${sentenceLevel(f.errorOnset.concurrency)} with goodput capped at ${xmax} req/s`,
    );
  } else if (f.open !== null) {
    parts.push(
      `completions stay at ${xmax} req/s while in-flight grows ${sentenceRate(f.open.growthPerSec)}/s ` +
        `at ${sentenceRate(f.open.unstableLevels.at(-1) ?? 0)} req/s`,
    );
  } else if (k?.shape === 'retrograde') {
    parts.push(`goodput peaks at ${xmax} req/s and falls beyond it`);
  } else if (k?.shape === 'smooth') {
    const u = k.fits.m3;
    parts.push(
      u?.nPeak !== null && u !== null
        ? `goodput peaks at ${xmax} req/s near ${sentenceLevel(u.nPeak)} (USL: contention and coherency costs)`
        : `goodput levels off towards ${xmax} req/s (USL)`,
    );
  } else if (k?.shape === 'soft') {
    parts.push(
      `goodput keeps rising slowly (${sentencePercent(k.bOverA ?? 0)} of the initial slope) up to ${xmax} req/s`,
    );
  } else {
    parts.push(`goodput plateaus at ${xmax} req/s`);
  }
  const q = f.queueing;
  if (q !== null && f.open === null && j.reason !== 'error-onset' && k?.shape !== 'smooth') {
    parts.push(`while latency grows ${q.slopeMsPerRequest.toFixed(1)} ms per extra request`);
  }
  return parts.join(' ');
}

function inconclusiveSentence(f: Findings, why: string): string {
  if (why === 'generator-limited') {
    const limit = f.steps.find((s) => s.generatorSaturated && s.level === f.generatorLimitedAt)?.generatorLimit;
    const fix =
      limit?.includes('maxInFlight') === true
        ? 'raise load.maxInFlight (a cap of the generator, not the capacity of the target)'
        : "add workers or raise the client's connection limit";
    return (
      'Inconclusive: the load generator, not the target, limited the run from ' +
      `${sentenceLevel(f.generatorLimitedAt ?? 0)} ${unit(f)}${limit === undefined ? '' : ` (${limit})`}, ` +
      `so no pool size can be read from it; ${fix} and rerun.`
    );
  }
  if (why === 'client-queueing') {
    return (
      `Inconclusive: requests queued inside the load generator from ${sentenceLevel(f.clientQueueing?.at ?? 0)} ` +
      `${unit(f)} (client latency exceeds the target's Server-Timing), ` +
      `so the plateau is the generator's, not a pool's; raise the client's connection limit and rerun.`
    );
  }
  if (f.steps.length > 0 && f.steps.every((s) => s.kind === 'stage')) {
    return (
      'Inconclusive: every stage is already saturated, so no unloaded latency anchors the capacity bound Xmax·R0; ' +
      `add a low stage (a few ${unit(f)}) before the load rises.${spikesOf(f)}`
    );
  }
  return `Inconclusive: ${why}.${spikesOf(f)}`;
}

function spikesOf(f: Findings): string {
  return spikeTail(f.spikes, f.model === 'open' ? 'req/s' : 'concurrent requests');
}

function spikeTail(spikes: readonly SpikeResult[], levelUnit: string): string {
  const s = spikes[0];
  if (s === undefined) return '';
  const firstError = s.timeToFirstErrorMs !== null ? ` (first after ${sentenceMs(s.timeToFirstErrorMs)})` : '';
  const errors = s.errors > 0 ? ` with ${s.errors} errors${firstError}` : ' without errors';
  const recovery =
    s.recoveryMs === null
      ? 'latency had not recovered by the end of the run'
      : `latency recovered ${sentenceMs(s.recoveryMs)} after it ended`;
  return (
    ` Spike "${s.stage}" to ${sentenceLevel(s.level)} ${levelUnit}: ` +
    `p99 rose from ${sentenceMs(s.baselineLatencyMs)} to ${sentenceMs(s.peakLatencyMs)}${errors}; ${recovery}.`
  );
}

const ERROR_WORDS: Record<string, string> = {
  'pool-acquire-timeout': 'pool acquire timeouts',
  'too-many-clients': '"too many clients"',
  'http-503': 'HTTP 503',
  'http-429': 'HTTP 429',
  timeout: 'timeouts',
  'refused-reset': 'refused or reset connections',
  other: 'errors',
};

function errorsClause(s: StepSummary): string {
  if (s.errorCount === 0) return '';
  const cls = dominantClass(s.errorsByClass);
  return ` and ${sentencePercent(s.errorFraction)} of requests failed with ${ERROR_WORDS[cls ?? 'other'] ?? 'errors'}`;
}

/** Where a ramp's knee came from (ANALYSIS.md §9.2). */
function rampClause(f: Findings): string {
  const r = f.ramp;
  if (r === null || r === undefined || r.censored !== null) return '';
  const ci = `${r.kneeCi[0].toFixed(1)}–${r.kneeCi[1].toFixed(1)}`;
  return (
    ` The knee (${r.knee.toFixed(1)}, 95% CI ${ci}) was fitted on ${r.windows} ` +
    `one-second windows of the ramp, ${r.windowsBeyond} of them past it.`
  );
}

/** Stage scenarios: what happened under the heaviest saturated hold, by the bounds of stages/bounds.ts. */
function stageSentence(f: Findings, j: Judgement, b: StageBounds): string {
  if (b.knee === null) {
    return (
      'No capacity limit reached in these stages: goodput kept pace with the load up to ' +
      `${sentenceLevel(b.edge)} ${unit(f)} (${sentenceRate(b.xmaxPerSec)} req/s), ` +
      `so the knee is above ${sentenceLevel(b.edge)}; run a sweep to higher levels to find it.${spikesOf(f)}`
    );
  }
  const hi = b.saturated[b.saturated.length - 1] as StepSummary;
  const spike = f.spikes.find((s) => s.stage === hi.label);
  const where =
    spike === undefined
      ? `in stage "${hi.label}"`
      : hi.label === 'spike'
        ? 'under the spike'
        : `under the spike "${hi.label}"`;
  const load =
    f.model === 'open' ? `${sentenceRate(hi.level)} req/s offered` : `${sentenceLevel(hi.level)} concurrent requests`;
  const [fromMs, toMs] =
    spike === undefined ? [b.anchor.latencyMs.p99, hi.latencyMs.p99] : [spike.baselineLatencyMs, spike.peakLatencyMs];
  const recovery =
    spike === undefined
      ? ''
      : spike.recoveryMs === null
        ? '; latency had not recovered by the end of the run'
        : `; latency recovered ${sentenceMs(spike.recoveryMs)} after the spike`;
  const lead = j.verdict === 'pool-exhaustion' ? 'Pool exhaustion' : 'Saturation';
  const tail = j.verdict === 'pool-exhaustion' ? poolClause(f) : resourceClause(f);
  return (
    `${lead} ${where}: at ${load} goodput stayed at ~${sentenceRate(b.xmaxPerSec)} req/s ` +
    `(capacity ≈ ${sentenceLevel(b.knee)} ${unit(f)} at ${sentenceMs(b.r0Ms)} each) ` +
    `while p99 rose from ${sentenceMs(fromMs)} to ${sentenceMs(toMs)}${errorsClause(hi)}${recovery}${tail}.` +
    `${rampClause(f)}${failureTail(f)}`
  );
}

const RESOURCE_WORDS: Record<string, string> = {
  cpu: '; the limit is the CPU (its time stays flat at whole cores past the knee)',
  downstream: "; the limit is downstream (the service's own db time grows with load)",
  admission: '; a rate limiter or load shedder turns the excess away (fast 429/503 without pool text), not a pool',
  'connection-pool': '; server-side evidence points at a connection pool',
};

/** Saturation: what the run measured, without over-claiming the resource. */
function resourceClause(f: Findings): string {
  const b = f.attribution?.bottleneck;
  if (b === undefined) return '';
  if (b.resource !== 'unknown') return RESOURCE_WORDS[b.resource] ?? '';
  const settle = b.settle === null ? '' : `: ${b.settle}`;
  const q = f.queueing;
  if ((q !== null && q.confirmed) || f.stages?.queueing === true) {
    const n = sentenceLevel(b.limit ?? f.kneeValue ?? 0);
    return (
      `. The limit behaves like a bounded pool of ≈ ${n} (throughput flat, latency = N/X); capplan cannot ` +
      `tell a database pool from worker threads or CPU without a server-side view${settle}`
    );
  }
  return `. capplan cannot tell what ran out without a server-side view${settle}`;
}

/** The surge-or-slowdown sentence, with a leading space; empty without a failure. */
function failureTail(f: Findings): string {
  const text = f.attribution?.bottleneck.failure?.text;
  return text === undefined ? '' : ` ${text}`;
}

export function summarize(f: Findings, j: Judgement): string {
  if (j.verdict === 'inconclusive') return inconclusiveSentence(f, j.why ?? 'too few usable steps');
  if (f.stages !== null) return stageSentence(f, j, f.stages);
  const k = f.knee as NonNullable<Findings['knee']>;
  if (j.verdict === 'not-reached') {
    const errors =
      f.errorOnset !== null
        ? `, though errors (${f.errorOnset.kind}) begin at ${sentenceLevel(f.errorOnset.concurrency)}`
        : '';
    return (
      `No capacity limit reached up to ${sentenceLevel(k.edge)} ${unit(f)}: ` +
      `goodput still rises (${sentenceRate(k.xmax ?? 0)} req/s at ${sentenceLevel(k.edge)}), ` +
      `so the knee is above ${sentenceLevel(k.edge)}${errors}; extend the sweep to higher levels.${spikesOf(f)}`
    );
  }
  if (k.shape === 'saturated-from-start') {
    const lead = j.verdict === 'pool-exhaustion' ? 'Pool exhausted' : 'Saturated';
    const what = j.verdict === 'pool-exhaustion' ? poolClause(f) : resourceClause(f);
    return (
      `${lead} already at the first level: goodput is flat at ${sentenceRate(k.xmax ?? 0)} req/s ` +
      `from ${sentenceLevel(k.edge)} on, so the knee is at or below ${sentenceLevel(k.edge)}${what}; ` +
      'add a concurrency-1 probe and lower levels to locate it.'
    );
  }
  const lead =
    j.verdict === 'pool-exhaustion'
      ? 'Pool exhaustion begins'
      : k.shape === 'soft'
        ? 'Partial saturation begins'
        : 'Saturation begins';
  const tail = j.verdict === 'pool-exhaustion' ? poolClause(f) : resourceClause(f);
  return `${kneeHead(f, lead)}: ${evidenceClause(f, j)}${tail}.${adaptiveClause(f)}${failureTail(f)}${spikesOf(f)}`;
}

/** How an adaptive search found the knee, and whether its interval met the precision asked for. */
function adaptiveClause(f: Findings): string {
  const a = f.adaptive;
  if (a === undefined) return '';
  const pct = `${Math.round(a.precision * 1000) / 10}%`;
  const met = a.withinPrecision ? `within ±${pct}` : `not within ±${pct} (stopped: ${a.stoppedBy})`;
  const load = `${(a.loadMs / 1000).toFixed(0)} s of load`;
  return ` An adaptive search found it with ${load} over ${a.windows} one-second windows; ` + `its 95% CI is ${met}.`;
}
