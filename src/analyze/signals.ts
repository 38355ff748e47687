/**
 * Every signal with its location (ANALYSIS.md §3.4 step 12: "Report every signal with its
 * location"), one line each, in the order a reader needs them.
 */
import type { Signal } from '../record/types.js';
import type { Findings } from './findings.js';
import { sentenceLevel, sentenceMs, sentencePercent, sentenceRate } from '../format.js';

function kneeSignals(f: Findings): Signal[] {
  const k = f.knee;
  if (k === null || f.kneeValue === null || k.censored !== null) return [];
  const out: Signal[] = [];
  const at = f.kneeValue;
  if (k.shape === 'retrograde') {
    const last = f.usable.at(-1);
    const drop = last !== undefined && f.xmax !== null ? 1 - last.goodputPerSec / f.xmax : 0;
    out.push({
      kind: 'retrograde',
      at,
      detail:
        `goodput peaks at ${sentenceRate(f.xmax ?? 0)} req/s near ${sentenceLevel(at)} and falls ` +
        `${sentencePercent(drop)} by ${sentenceLevel(last?.x ?? at)} (b/a = ${(k.bOverA ?? 0).toFixed(2)})`,
    });
  } else if (k.shape === 'smooth' && k.fits.m3 !== null) {
    const u = k.fits.m3;
    const peak =
      u.nPeak === null
        ? 'no retrograde peak'
        : `goodput peaks at ${sentenceRate(u.xPeak ?? 0)} req/s at N = ${sentenceLevel(u.nPeak)}`;
    out.push({
      kind: 'usl-peak',
      at: u.nPeak,
      detail:
        `USL σ = ${u.sigma.toPrecision(3)}, κ = ${u.kappa.toPrecision(3)}: ` +
        `${peak}; saturation onset (bounds) ${sentenceLevel(at)}`,
    });
  } else {
    const soft =
      k.shape === 'soft'
        ? ` (partial saturation: still rising ${sentencePercent(k.bOverA ?? 0)} of the initial slope)`
        : '';
    out.push({
      kind: 'throughput-plateau',
      at,
      detail: `goodput plateaus at ${sentenceRate(f.xmax ?? 0)} req/s from ${sentenceLevel(at)}${soft}`,
    });
  }
  return out;
}

/** Stage scenarios: the bound Xmax·R0 read from a saturated and an unsaturated hold. */
function stageSignals(f: Findings): Signal[] {
  const b = f.stages;
  if (b === null || b.knee === null) return [];
  const hi = b.saturated[b.saturated.length - 1] as (typeof b.saturated)[number];
  const a = b.anchor;
  const load =
    f.model === 'open'
      ? `offered ${sentenceRate(hi.level)} req/s vs ${sentenceRate(a.level)}`
      : `concurrency ×${sentenceLevel(hi.level / a.level)}`;
  const out: Signal[] = [
    {
      kind: 'throughput-plateau',
      at: b.knee,
      detail:
        `${load} (${a.label} → ${hi.label}) gave goodput ×${(hi.goodputPerSec / a.goodputPerSec).toFixed(1)} ` +
        `(${sentenceRate(a.goodputPerSec)} → ${sentenceRate(b.xmaxPerSec)} req/s): ` +
        `capacity bound Xmax·R0 = ${sentenceRate(b.xmaxPerSec)} req/s × ${sentenceMs(b.r0Ms)} ` +
        `≈ ${sentenceLevel(b.knee)} (approximate: stages, not a sweep)`,
    },
  ];
  if (b.queueing) {
    out.push({
      kind: 'queueing-signature',
      at: hi.x,
      detail:
        `mean latency at ${hi.label} is ${sentenceMs(hi.meanOkLatencyMs)}, ` +
        `×${(hi.meanOkLatencyMs / b.r0Ms).toFixed(1)} R0, ` +
        'as N/Xmax predicts for a fixed-capacity limit (pool or workers)',
    });
  }
  return out;
}

function detectorSignals(f: Findings): Signal[] {
  const out: Signal[] = [];
  const e = f.errorOnset;
  if (e !== null) {
    const theory =
      f.acquireTimeoutMs !== null && f.xmax !== null && f.r0Ms !== null
        ? `; predicted Xmax·(T_acq + R0) = ${sentenceLevel((f.xmax * (f.acquireTimeoutMs + f.r0Ms)) / 1000)}`
        : '';
    out.push({
      kind: 'error-onset',
      at: e.concurrency,
      detail:
        `errors begin at ${sentenceLevel(e.concurrency)} (${sentencePercent(e.errorRate)}, ` +
        `${e.kind}); 1 % crossed at ~${sentenceLevel(e.interpolated)}${theory}`,
    });
  }
  if (f.latencyOnset !== null && f.r0Ms !== null) {
    out.push({
      kind: 'latency-growth',
      at: f.latencyOnset,
      detail: `mean latency reaches 1.5 × R0 (${sentenceMs(1.5 * f.r0Ms)}) at ~${sentenceLevel(f.latencyOnset)}`,
    });
  }
  if (f.sloOnset !== null)
    out.push({ kind: 'slo-breach', at: f.sloOnset, detail: `p99 exceeds the SLO from ${sentenceLevel(f.sloOnset)}` });
  const q = f.queueing;
  if (q !== null) {
    const what = q.confirmed
      ? 'the signature of a fixed-capacity limit (pool or workers)'
      : q.ratio > 1.2
        ? 'steeper than 1/Xmax: service time grows with load'
        : 'not the 1/Xmax line of a fixed-capacity limit';
    out.push({
      kind: 'queueing-signature',
      at: f.kneeValue,
      detail:
        `latency grows ${q.slopeMsPerRequest.toFixed(2)} ms per extra request past the knee (1/Xmax = ` +
        `${q.expectedMsPerRequest.toFixed(2)} ms, intercept ${q.interceptMs.toFixed(1)} ms): ${what}`,
    });
  }
  return out;
}

function integritySignals(f: Findings): Signal[] {
  const out: Signal[] = [];
  if (f.clientQueueing !== null) {
    out.push({
      kind: 'client-queueing',
      at: f.clientQueueing.at,
      detail:
        `client latency exceeds the target's own Server-Timing by ` +
        `${sentencePercent(f.clientQueueing.excessFraction)} more than unloaded: ` +
        'requests queued inside the generator',
    });
  }
  for (const s of f.steps) {
    if (s.generatorSaturated)
      out.push({
        kind: 'generator-saturated',
        at: s.level,
        detail: `the load generator limited step ${s.label}: excluded`,
      });
  }
  if (f.open !== null) {
    const o = f.open;
    out.push({
      kind: 'unstable',
      at: o.rateBracket[1],
      detail:
        `in-flight keeps growing from ${sentenceRate(o.rateBracket[1])} req/s ` +
        `(+${sentenceRate(o.growthPerSec)}/s at ${sentenceRate(o.unstableLevels.at(-1) ?? 0)} req/s): ` +
        `capacity between ${sentenceRate(o.rateBracket[0])} and ${sentenceRate(o.rateBracket[1])} req/s; ` +
        'latency there is diverging, not a steady state',
    });
  }
  for (const s of f.steps) {
    if (!s.generatorSaturated && s.littleDeviation > 0.05) {
      const predicted = (s.goodputPerSec * s.meanOkLatencyMs + s.errorPerSec * s.meanErrorLatencyMs) / 1000;
      const level = s.model === 'closed' ? `, level ${s.level}` : '';
      const excluded = s.littleDeviation > 0.1 ? ': excluded' : '';
      out.push({
        kind: 'little-law',
        at: s.x,
        detail:
          `Little's law off by ${sentencePercent(s.littleDeviation)} at ${s.label} ` +
          `(in flight ${s.inFlight.toFixed(1)}, X·R ${predicted.toFixed(1)}${level})${excluded}`,
      });
    }
  }
  return out;
}

export function collectSignals(f: Findings, probe: Signal | null): Signal[] {
  return [
    ...kneeSignals(f),
    ...stageSignals(f),
    ...detectorSignals(f),
    ...(probe === null ? [] : [probe]),
    ...integritySignals(f),
  ];
}
