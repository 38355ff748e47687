/**
 * Surge or slowdown? (issue 11 §1): was the load at the failure above the capacity the run
 * measured (a surge the limit could not absorb), or did the service fail at a load within
 * it (a slowdown: each request took longer, so the same load no longer fit)? The failure is
 * the error onset, else the first step that broke the p99 SLO; a run where nothing failed
 * has no failure to explain. Slowdown: the load there was below 90 % of the capacity, or the
 * service's own hold time (Server-Timing db) had grown by half; otherwise a surge.
 */
import type { FailureCause } from '../../record/types.js';
import type { Findings } from '../findings.js';
import { sentenceLevel, sentenceMs, sentenceRate } from '../../format.js';
import type { StepSummary } from '../types.js';
import type { Frame } from './frame.js';

const holdOf = (s: StepSummary | undefined): number => s?.serverTiming?.holdMs ?? 0;

function failureStep(f: Findings, fr: Frame): StepSummary | undefined {
  // The error onset is placed by level (open model: the offered rate), the SLO onset by x.
  const onset = f.errorOnset?.concurrency;
  if (onset !== undefined) return [...fr.steps].sort((p, q) => p.level - q.level).find((s) => s.level >= onset - 1e-9);
  const slo = f.sloOnset;
  return slo === null ? undefined : fr.steps.find((s) => s.x >= slo - 1e-9);
}

function slowedBy(fr: Frame, s: StepSummary): string | null {
  const base = holdOf(fr.steps.find((t) => holdOf(t) > 0));
  const now = holdOf(s);
  return base > 0 && now > 1.5 * base ? `Server-Timing db ${sentenceMs(base)} → ${sentenceMs(now)}` : null;
}

export function failureCause(f: Findings, fr: Frame): FailureCause | null {
  const s = failureStep(f, fr);
  if (s === undefined) return null;
  const open = f.model === 'open';
  const unit = open ? 'req/s' : 'concurrent';
  const offered = s.level;
  const capacity = open ? fr.xmax : fr.knee;
  if (capacity === null || !(capacity > 0)) return null;
  const fmt = (v: number): string => (open ? `${sentenceRate(v)} req/s` : `${sentenceLevel(v)} concurrent requests`);
  const slowed = slowedBy(fr, s);
  const within = offered < 0.9 * capacity;
  const what = f.errorOnset !== null ? 'errors began' : 'p99 broke the SLO';
  if (within || slowed !== null) {
    const how =
      slowed === null ? 'the service slowed rather than being overrun' : `each request took longer (${slowed})`;
    return {
      cause: 'slowdown',
      step: s.label,
      offered,
      capacity,
      unit,
      text:
        `A slowdown: ${what} at ${fmt(offered)}, a load within the measured capacity ` +
        `(≈ ${fmt(capacity)}); ${how}.`,
    };
  }
  const xmax = !open && fr.xmax !== null ? ` (${sentenceRate(fr.xmax)} req/s)` : '';
  return {
    cause: 'surge',
    step: s.label,
    offered,
    capacity,
    unit,
    text:
      `A surge: ${what} at ${fmt(offered)} offered, at or above the ≈ ${fmt(capacity)}${xmax} the service ` +
      'carries: more load than capacity, not a slower service.',
  };
}
