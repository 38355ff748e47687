/**
 * The planner's answers as report facts: headroom against the expected peak, the
 * recommended pool size, the absorbable spike length, and one sentence that says it all.
 */
import type { PlanResult, RunRecord } from '../record/types.js';
import type { Fact } from './facts.js';
import { formatCount, formatMs, formatPercent, formatRate, formatSignedPercent } from '../format.js';

/** The expected peak rate the plan was made for, from the plan inputs or the scenario. */
export function planPeakRate(record: RunRecord): number | null {
  const inputs = record.analysis.plan?.inputs ?? {};
  for (const key of ['peakRatePerSec', 'peakRate', 'rate']) {
    const value = inputs[key];
    if (typeof value === 'number') return value;
  }
  const resolved = record.scenario.resolved as { plan?: { peakRate?: unknown } | null } | null;
  const peak = resolved?.plan?.peakRate;
  return typeof peak === 'number' ? peak : null;
}

function headroomFact(record: RunRecord, plan: PlanResult): Fact {
  const peak = planPeakRate(record);
  const capacity = record.analysis.maxThroughputPerSec?.value ?? null;
  const base = { key: 'headroom', label: 'Headroom at peak' };
  if (plan.headroom === null) return { ...base, value: '–', detail: 'needs a measured capacity', tone: 'neutral' };
  const gap = capacity !== null && peak !== null ? capacity - peak : null;
  const gapText = gap === null ? '' : gap < 0 ? ` (short by ${formatRate(-gap)})` : ` (${formatRate(gap)} to spare)`;
  return {
    ...base,
    value: formatSignedPercent(plan.headroom),
    detail: `capacity ${formatRate(capacity)} vs expected peak ${formatRate(peak)}${gapText}`,
    tone: plan.headroom < 0 ? 'bad' : plan.headroom < 0.2 ? 'warn' : 'good',
  };
}

function poolPlanFact(plan: PlanResult): Fact {
  const base = { key: 'recommendedPool', label: 'Recommended pool' };
  if (!plan.feasible || plan.poolSize === null)
    return { ...base, value: 'infeasible', detail: plan.reason ?? 'no pool size meets the target', tone: 'bad' };
  const parts = [`utilization ${formatPercent(plan.utilization)}`, `P(wait) ${formatPercent(plan.pWait)}`];
  if (plan.p99Ms !== null) parts.push(`predicted p99 ${formatMs(plan.p99Ms)}`);
  return { ...base, value: `${formatCount(plan.poolSize)} connections`, detail: parts.join(' · '), tone: 'neutral' };
}

function absorbFact(plan: PlanResult): Fact {
  const base = { key: 'absorbableSpike', label: 'Absorbable spike' };
  if (plan.absorbableSpikeSec === null)
    return { ...base, value: '–', detail: 'needs the acquire timeout and a peak above capacity', tone: 'neutral' };
  return {
    ...base,
    value: formatMs(plan.absorbableSpikeSec * 1000),
    detail: 'at the expected peak, with the current pool, before acquire timeouts start',
    tone: plan.absorbableSpikeSec < 5 ? 'warn' : 'neutral',
  };
}

/** The planner's answers as facts, or null when the scenario had no `plan:` block. */
export function planFacts(record: RunRecord): Fact[] | null {
  const plan = record.analysis.plan;
  if (!plan) return null;
  return [headroomFact(record, plan), poolPlanFact(plan), absorbFact(plan)];
}

/** The planner's answer in one sentence, or null without a plan. */
export function planSentence(record: RunRecord): string | null {
  const plan = record.analysis.plan;
  if (!plan) return null;
  const peak = planPeakRate(record);
  const capacity = record.analysis.maxThroughputPerSec?.value ?? null;
  const parts: string[] = [];
  if (peak !== null && capacity !== null && plan.headroom !== null) {
    parts.push(
      plan.headroom < 0
        ? `At the expected peak of ${formatRate(peak)} the service is short by ` +
            `${formatRate(peak - capacity)} (headroom ${formatSignedPercent(plan.headroom)})`
        : `The measured capacity of ${formatRate(capacity)} covers the expected peak ` +
            `of ${formatRate(peak)} (headroom ${formatSignedPercent(plan.headroom)})`,
    );
  }
  if (plan.feasible && plan.poolSize !== null) {
    parts.push(
      `a pool of ${formatCount(plan.poolSize)} connections would carry ` +
        `the peak at ${formatPercent(plan.utilization)} utilization`,
    );
  } else if (!plan.feasible) {
    parts.push(`no pool size meets the target${plan.reason ? `: ${plan.reason}` : ''}`);
  }
  if (plan.absorbableSpikeSec !== null && (plan.headroom ?? 0) < 0) {
    parts.push(
      `today's pool absorbs such a spike for only ` +
        `${formatMs(plan.absorbableSpikeSec * 1000)} before acquire timeouts begin`,
    );
  }
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
