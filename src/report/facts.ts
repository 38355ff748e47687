/**
 * The report's view model: the key numbers, the plan and the verdict in words, computed once
 * from a RunRecord so the terminal, Markdown, HTML and JUnit say exactly the same thing.
 */
import type { Analysis, RunRecord, SloResult, Verdict } from '../record/types.js';
import { formatMs, formatNumber, formatPercent, formatRange, formatRate } from '../format.js';
import { formatLevel, humanize } from './labels.js';
import { isSweep } from './steps.js';

/** How a number should read: good news, bad news, a caution, or neither. */
export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

/** One key number: "Knee · 20.4 concurrent · 95% CI 19.6–21.3". */
export type Fact = { key: string; label: string; value: string; detail: string; tone: Tone };

const VERDICT_TITLES: Record<Verdict, string> = {
  'pool-exhaustion': 'Pool exhaustion',
  saturation: 'Saturation',
  'not-reached': 'Limit not reached',
  inconclusive: 'Inconclusive',
  'target-failing': 'Target failing',
};

/** A short headline for the verdict: "Pool exhaustion". */
export function verdictTitle(verdict: Verdict): string {
  return VERDICT_TITLES[verdict] ?? humanize(verdict);
}

/** A limit found is bad news for the service; not reached is good; inconclusive is a caution. */
export function verdictTone(verdict: Verdict): Tone {
  if (verdict === 'not-reached') return 'good';
  if (verdict === 'inconclusive') return 'warn';
  return 'bad';
}

function kneeFact(record: RunRecord): Fact {
  const { knee } = record.analysis;
  const base = { key: 'knee', label: 'Capacity knee' };
  if (!knee && !isSweep(record))
    return { ...base, value: 'n/a', detail: 'stages, not a sweep: see spikes', tone: 'neutral' };
  if (!knee)
    return {
      ...base,
      value: 'not found',
      detail: verdictTitle(record.analysis.verdict).toLowerCase(),
      tone: 'neutral',
    };
  // The knee is a concurrency in both models (open model: Xmax·R0); the bracket is in the
  // run's own levels (arrival rates in the open model).
  const level = formatLevel(knee.concurrency, 'closed');
  const bracket =
    record.model === 'open' ? `bracket ${formatRange(knee.bracket)} req/s` : `bracket ${formatRange(knee.bracket)}`;
  if (knee.censored === 'above')
    return {
      ...base,
      value: `> ${formatLevel(knee.concurrency, record.model)}`,
      detail: 'not reached: still scaling at the last level',
      tone: 'good',
    };
  if (knee.censored === 'below')
    return {
      ...base,
      value: `≤ ${formatLevel(knee.concurrency, record.model)}`,
      detail: 'saturated from the first level',
      tone: 'bad',
    };
  if (knee.method === 'ramp') {
    const n = knee.ramp?.windows ?? 0;
    return {
      ...base,
      value: level,
      detail: `fitted on ${n} windows of a ramp · 95% CI ${formatRange(knee.ci95)}`,
      tone: 'bad',
    };
  }
  if (knee.adaptive !== undefined) {
    const a = knee.adaptive;
    const load = `${(a.loadMs / 1000).toFixed(0)} s of load`;
    const detail = `adaptive search, ${load} · 95% CI ${formatRange(knee.ci95)} · ${bracket}`;
    return { ...base, value: level, detail, tone: 'bad' };
  }
  if (knee.method === 'bounds')
    return {
      ...base,
      value: `≈ ${level}`,
      detail: `Xmax·R0 bound from the stages · 95% CI ${formatRange(knee.ci95)}`,
      tone: 'bad',
    };
  return { ...base, value: level, detail: `95% CI ${formatRange(knee.ci95)} · ${bracket}`, tone: 'bad' };
}

function goodputFact(analysis: Analysis): Fact {
  const max = analysis.maxThroughputPerSec;
  const base = { key: 'maxGoodput', label: 'Max goodput' };
  if (!max) return { ...base, value: '–', detail: 'not measured', tone: 'neutral' };
  return max.censored
    ? { ...base, value: `≥ ${formatRate(max.value)}`, detail: 'still rising at the last level', tone: 'neutral' }
    : { ...base, value: formatRate(max.value), detail: `95% CI ${formatRange(max.ci95)}`, tone: 'neutral' };
}

function poolFact(analysis: Analysis): Fact {
  const pool = analysis.poolEstimate;
  const base = { key: 'pool', label: 'Pool estimate' };
  if (!pool) return { ...base, value: '–', detail: 'no knee to estimate from', tone: 'neutral' };
  const basis =
    pool.basis === 'server-timing' ? 'from the Server-Timing hold time' : 'upper bound from unloaded latency';
  const prefix = pool.basis === 'upper-bound' ? '≤ ' : '';
  return {
    ...base,
    value: `${prefix}${formatNumber(pool.size)} connections`,
    detail: `95% CI ${formatRange(pool.ci95)} · ${basis}`,
    tone: 'neutral',
  };
}

function errorOnsetFact(record: RunRecord): Fact {
  const onset = record.analysis.errorOnset;
  const base = { key: 'errorOnset', label: 'Error onset' };
  if (!onset && record.analysis.verdict === 'target-failing') {
    return { ...base, value: 'from the start', detail: 'no request succeeded', tone: 'bad' };
  }
  if (!onset) return { ...base, value: 'none', detail: 'error rate stayed below 1%', tone: 'good' };
  return {
    ...base,
    value: formatLevel(onset.concurrency, record.model),
    detail: `${onset.kind} at ${formatPercent(onset.errorRate)} · bracket ${formatRange(onset.bracket)}`,
    tone: 'bad',
  };
}

/** The key numbers, in the order a reader wants them. */
export function keyFacts(record: RunRecord): Fact[] {
  const a = record.analysis;
  const facts = [kneeFact(record), goodputFact(a), poolFact(a), errorOnsetFact(record)];
  facts.push({
    key: 'unloaded',
    label: 'Unloaded latency',
    value: formatMs(a.unloadedLatencyMs),
    detail: 'mean at the lowest level',
    tone: 'neutral',
  });
  if (a.capacityAtSlo !== null || a.slo.length > 0) {
    facts.push({
      key: 'capacityAtSlo',
      label: 'Capacity within SLO',
      value: a.capacityAtSlo === null ? 'none' : formatLevel(a.capacityAtSlo, record.model),
      detail: 'highest tested level meeting every SLO',
      tone: a.capacityAtSlo === null ? 'bad' : 'neutral',
    });
  }
  facts.push({
    key: 'confidence',
    label: 'Confidence',
    value: a.confidence,
    detail: `shape ${humanize(a.shape)} · reason ${humanize(a.reason)}`,
    tone: a.confidence === 'low' ? 'warn' : 'neutral',
  });
  return facts;
}

/** When the first error of a spike came: "none", "within 1 s" (window resolution), "after 3.00 s". */
export function formatFirstError(ms: number | null): string {
  if (ms === null) return 'none';
  return ms < 1000 ? 'within 1 s' : `after ${formatMs(ms)}`;
}

/** "p99 ≤ 300 ms" for an SLO row; "checkout p99 ≤ 300 ms" for an endpoint SLO. */
export function sloObjective(slo: SloResult): string {
  const op = slo.metric.startsWith('min') ? '≥' : '≤';
  // Which latency a latency SLO counted (issue 11, 2.7): every request, or (older records) ok ones.
  const basis = slo.latency === 'all' ? ' (all requests)' : slo.latency === 'ok' ? ' (ok requests only)' : '';
  const request = slo.request === undefined ? '' : `${slo.request} `;
  return `${request}${slo.metric} ${op} ${formatSloValue(slo.threshold, slo.unit)}${basis}`;
}

/** An SLO threshold or actual in its unit. */
export function formatSloValue(value: number, unit: SloResult['unit']): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'ratio') return formatPercent(value);
  return formatRate(value);
}

/** Every warning worth showing: the record's, each probe's, and excluded steps. */
export function allWarnings(record: RunRecord): string[] {
  const out = [...record.warnings];
  for (const probe of record.probes ?? []) {
    for (const w of probe.warnings)
      if (!out.includes(w) && !out.includes(`${probe.name}: ${w}`)) out.push(`${probe.name}: ${w}`);
  }
  if (record.status !== 'completed')
    out.unshift(`run ${record.status}${record.abortReason ? `: ${record.abortReason}` : ''} (partial results)`);
  return out;
}
