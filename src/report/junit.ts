/**
 * junit.xml for CI test reporters: one <testcase> per SLO result and one per measured
 * capacity metric (run completed, generator not saturated, knee found, max goodput,
 * error onset, spike recovery, headroom at the planned peak). Key numbers also go into
 * <properties> so dashboards can chart them across builds.
 */
import type { RunRecord } from '../record/types.js';
import { escapeXml as x } from './escape.js';
import { keyFacts, sloObjective, formatSloValue } from './facts.js';
import { planFacts, planPeakRate } from './plan-facts.js';
import { formatMs, formatRate, formatSignedPercent } from '../format.js';
import { formatLevel } from './labels.js';

/** A test case outcome: passed, failed (with a message) or skipped (with a reason). */
type Outcome =
  { status: 'pass' } | { status: 'fail'; message: string; detail?: string } | { status: 'skip'; message: string };

type Case = { classname: string; name: string; outcome: Outcome; out?: string };

function sloCases(record: RunRecord): Case[] {
  return record.analysis.slo.map((s) => {
    const name = `slo: ${sloObjective(s)} (${s.scope})`;
    const actual = formatSloValue(s.actual, s.unit);
    return s.pass
      ? { classname: 'capplan.slo', name, outcome: { status: 'pass' }, out: `actual ${actual}` }
      : {
          classname: 'capplan.slo',
          name,
          outcome: { status: 'fail', message: `${s.metric} was ${actual}, objective ${sloObjective(s)} (${s.scope})` },
        };
  });
}

function runCases(record: RunRecord): Case[] {
  const saturated = record.steps.filter((s) => s.generatorSaturated).map((s) => s.label);
  const completed: Outcome =
    record.status === 'completed'
      ? { status: 'pass' }
      : { status: 'fail', message: `run ${record.status}${record.abortReason ? `: ${record.abortReason}` : ''}` };
  const generator: Outcome =
    saturated.length === 0
      ? { status: 'pass' }
      : {
          status: 'fail',
          message: `the load generator limited ${saturated.join(', ')}: those steps say nothing about the target`,
        };
  return [
    { classname: 'capplan.run', name: 'run completed', outcome: completed },
    { classname: 'capplan.run', name: 'generator not saturated', outcome: generator },
  ];
}

function capacityCases(record: RunRecord): Case[] {
  const a = record.analysis;
  const facts = new Map(keyFacts(record).map((f) => [f.key, f]));
  const knee = a.knee;
  let kneeOutcome: Outcome;
  if (!knee) kneeOutcome = { status: 'skip', message: `no knee: ${a.verdict}` };
  else if (knee.censored === 'above')
    kneeOutcome = { status: 'skip', message: `not reached: knee > ${formatLevel(knee.concurrency, record.model)}` };
  else if (knee.censored === 'below')
    kneeOutcome = {
      status: 'fail',
      message: `saturated from the first level: knee ≤ ${formatLevel(knee.concurrency, record.model)}`,
    };
  else kneeOutcome = { status: 'pass' };
  const factOut = (key: string): string => {
    const f = facts.get(key);
    return f ? `${f.value} (${f.detail})` : '';
  };
  const cases: Case[] = [
    { classname: 'capplan.capacity', name: 'capacity: knee found', outcome: kneeOutcome, out: factOut('knee') },
    {
      classname: 'capplan.capacity',
      name: 'capacity: max goodput measured',
      outcome: a.maxThroughputPerSec ? { status: 'pass' } : { status: 'skip', message: 'no goodput measured' },
      out: factOut('maxGoodput'),
    },
    {
      classname: 'capplan.capacity',
      name: 'capacity: error onset located',
      outcome: { status: 'pass' },
      out: factOut('errorOnset'),
    },
  ];
  for (const s of a.spikes) {
    cases.push({
      classname: 'capplan.spike',
      name: `spike "${s.stage}": recovered`,
      outcome:
        s.recoveryMs === null
          ? {
              status: 'fail',
              message: `p99 did not return within 20% of ${formatMs(s.baselineLatencyMs)} after the spike`,
            }
          : { status: 'pass' },
      out: `peak p99 ${formatMs(s.peakLatencyMs)}, ${s.errors} errors, recovery ${formatMs(s.recoveryMs)}`,
    });
  }
  return cases;
}

function planCases(record: RunRecord): Case[] {
  const plan = record.analysis.plan;
  const facts = planFacts(record);
  if (!plan || !facts || plan.headroom === null) return [];
  const peak = planPeakRate(record);
  const name = `plan: capacity covers the expected peak${peak === null ? '' : ` of ${formatRate(peak)}`}`;
  const outcome: Outcome =
    plan.headroom >= 0
      ? { status: 'pass' }
      : {
          status: 'fail',
          message: `headroom ${formatSignedPercent(plan.headroom)}: ${facts[0]?.detail ?? ''}`,
          detail: facts.map((f) => `${f.label}: ${f.value} (${f.detail})`).join('\n'),
        };
  return [{ classname: 'capplan.plan', name, outcome, out: facts.map((f) => `${f.label}: ${f.value}`).join('; ') }];
}

function renderCase(c: Case): string {
  const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}" time="0"`;
  const out = c.out ? `      <system-out>${x(c.out)}</system-out>\n` : '';
  const o = c.outcome;
  if (o.status === 'pass') return out ? `${open}>\n${out}    </testcase>` : `${open}/>`;
  if (o.status === 'skip') return `${open}>\n      <skipped message="${x(o.message)}"/>\n${out}    </testcase>`;
  return (
    `${open}>\n      <failure message="${x(o.message)}" ` +
    `type="${x(c.classname)}">${x(o.detail ?? o.message)}</failure>\n${out}    </testcase>`
  );
}

function properties(record: RunRecord): string {
  const a = record.analysis;
  const props: [string, string | number | null | undefined][] = [
    ['verdict', a.verdict],
    ['shape', a.shape],
    ['reason', a.reason],
    ['confidence', a.confidence],
    ['status', record.status],
    ['knee', a.knee?.concurrency],
    ['kneeCensored', a.knee?.censored ?? (a.knee ? 'no' : null)],
    ['kneeCi95Low', a.knee?.ci95[0]],
    ['kneeCi95High', a.knee?.ci95[1]],
    ['maxGoodputPerSec', a.maxThroughputPerSec?.value],
    ['poolEstimate', a.poolEstimate?.size],
    ['errorOnset', a.errorOnset?.concurrency],
    ['unloadedLatencyMs', a.unloadedLatencyMs],
    ['headroom', a.plan?.headroom],
  ];
  const lines = props
    .filter((p): p is [string, string | number] => p[1] !== null && p[1] !== undefined)
    .map(([k, v]) => `      <property name="${x(k)}" value="${x(String(v))}"/>`);
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

/** Renders junit.xml for a run. */
export function renderJunit(record: RunRecord): string {
  const cases = [...sloCases(record), ...runCases(record), ...capacityCases(record), ...planCases(record)];
  const failures = cases.filter((c) => c.outcome.status === 'fail').length;
  const skipped = cases.filter((c) => c.outcome.status === 'skip').length;
  const time = (record.durationMs / 1000).toFixed(3);
  const suite = `capplan: ${record.scenario.name}`;
  const stamp = record.startedAt.replace(/Z$/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="capplan" tests="${cases.length}" ` +
      `failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${x(suite)}" tests="${cases.length}" failures="${failures}" ` +
      `errors="0" skipped="${skipped}" time="${time}" timestamp="${x(stamp)}">`,
    properties(record),
    ...cases.map(renderCase),
    `    <system-out>${x(record.analysis.summary)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
