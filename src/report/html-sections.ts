/**
 * Sections of report.html. Every string that came from a scenario, a target or a message
 * goes through `h()` (HTML escaping) before it reaches the markup.
 */
import type { RunRecord } from '../record/types.js';
import { bottleneckView } from './bottleneck.js';
import { headroomChart } from './charts/headroom.js';
import { goodputChart, levelLatencyChart } from './charts/level-charts.js';
import { errorsChart, inFlightChart, latencyTimeChart, probeCharts, rateChart } from './charts/time-charts.js';
import { escapeHtml as h } from './escape.js';
import { keyFacts, verdictTitle, verdictTone, type Fact } from './facts.js';
import { planFacts, planPeakRate, planSentence } from './plan-facts.js';
import { formatCount, formatDurationMs, formatMs, formatNumber } from '../format.js';
import { humanize } from './labels.js';
import { errorsTable } from './html-tables.js';
import { isSweep } from './steps.js';

export function headerSection(record: RunRecord): string {
  const kind = isSweep(record) ? `${record.model}-model sweep` : `${record.model}-model stages`;
  const items: [string, string][] = [
    ['', kind],
    ['status', record.status],
    ['started', `${record.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`],
    ['duration', formatDurationMs(record.durationMs)],
    ['target', record.environment.targetUrl],
    ['scenario', record.scenario.file],
  ];
  const meta = items.map(([k, v]) => `<li>${k ? `${h(k)} ` : ''}<b>${h(v)}</b></li>`).join('');
  return (
    '<header><div class="brand">capplan capacity report</div>' +
    `<h1>${h(record.scenario.name)}</h1><ul class="meta">${meta}</ul></header>`
  );
}

export function verdictSection(record: RunRecord): string {
  const a = record.analysis;
  const badges = [
    `confidence ${a.confidence}`,
    `shape ${humanize(a.shape)}`,
    `reason ${humanize(a.reason)}`,
    `verdict ${a.verdict}`,
  ];
  return (
    `<section class="verdict tone-${verdictTone(a.verdict)}" aria-label="verdict">` +
    `<p class="verdict-title">${h(verdictTitle(a.verdict))}</p><p class="summary">${h(a.summary)}</p>` +
    `<ul class="badges">${badges.map((b) => `<li>${h(b)}</li>`).join('')}</ul></section>`
  );
}

export function factCards(facts: readonly Fact[]): string {
  const cards = facts.map(
    (f) =>
      `<div class="fact tone-${f.tone}" data-fact="${h(f.key)}"><div class="label">${h(f.label)}</div>` +
      `<div class="value">${h(f.value)}</div><div class="detail">${h(f.detail)}</div></div>`,
  );
  return `<div class="facts">${cards.join('')}</div>`;
}

export function keyNumbersSection(record: RunRecord): string {
  return `<section aria-label="key numbers">${factCards(keyFacts(record))}</section>`;
}

export function curveSection(record: RunRecord): string {
  if (!isSweep(record) || record.steps.length < 2) return '';
  return (
    `<section><h2>Capacity curve</h2>` +
    '<p class="note">Each point is one measured level (warm-up excluded). ' +
    'The knee is where added load stops adding goodput and starts adding latency.</p>' +
    `<div class="charts">${goodputChart(record)}${levelLatencyChart(record)}</div></section>`
  );
}

export function timelineSection(record: RunRecord): string {
  if (record.windows.length === 0) return '';
  const errors = errorsChart(record);
  const charts = [
    rateChart(record),
    latencyTimeChart(record),
    errors ?? '<p class="note">No errors during the run.</p>',
    inFlightChart(record),
    ...probeCharts(record),
  ];
  const bands = isSweep(record) ? 'sweep levels (darker: warm-up, left out of the analysis)' : 'stages';
  return (
    '<section><h2>Over time</h2><p class="note">1 s windows on one time axis; ' +
    `shaded bands are the ${bands}.</p><div class="stack">${charts.join('')}</div></section>`
  );
}

export function plannerSection(record: RunRecord): string {
  const facts = planFacts(record);
  const plan = record.analysis.plan;
  if (!facts || !plan) {
    return (
      '<section><h2>Planner</h2><p class="note">No <code>plan:</code> block in the scenario. ' +
      'Add <code>plan: { peakRate: 1200, p99: 250ms }</code> to get the headroom against your expected ' +
      'peak and a recommended pool size, or run <code>capplan plan --from run.json</code>.</p></section>'
    );
  }
  const peak = planPeakRate(record);
  const capacity = record.analysis.maxThroughputPerSec;
  const chart =
    peak !== null && capacity && plan.headroom !== null
      ? '<figure class="chart-figure"><figcaption><strong>Capacity against the expected peak</strong></figcaption>' +
        headroomChart({
          capacityPerSec: capacity.value,
          peakPerSec: peak,
          headroom: plan.headroom,
          capacityCensored: capacity.censored,
        }) +
        '</figure>'
      : '';
  const notes =
    plan.notes.length > 0 ? `<ul class="signals">${plan.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '';
  const inputs = Object.entries(plan.inputs).map(
    ([k, v]) =>
      `<tr><td>${h(humanize(k))}</td>` +
      `<td class="num">${h(v === null ? '–' : typeof v === 'number' ? formatNumber(v) : v)}</td></tr>`,
  );
  return (
    `<section><h2>Planner</h2><p class="plan-answer">${h(planSentence(record) ?? '')}</p>${factCards(facts)}` +
    `<div class="stack" style="margin-top:12px">${chart}</div>${notes}` +
    (inputs.length > 0
      ? `<details><summary>Planner inputs</summary><table><tbody>${inputs.join('')}</tbody></table></details>`
      : '') +
    `</section>`
  );
}

/** What ran out: the evidence for and against, what would settle it, surge or slowdown. */
export function bottleneckSection(record: RunRecord): string {
  const v = bottleneckView(record);
  if (v === null) return '';
  const items = [
    ...v.evidence.map((e) => `<li><span class="kind">for</span> ${h(e.source)}: ${h(e.text)}</li>`),
    ...v.against.map((e) => `<li><span class="kind">against</span> ${h(e.source)}: ${h(e.text)}</li>`),
    ...(v.settle === null ? [] : [`<li><span class="kind">to settle it</span> ${h(v.settle)}</li>`]),
  ];
  const failure = v.failure === null ? '' : `<p class="note">${h(v.failure)}</p>`;
  return `<section><h2>${h(v.title)}</h2><ul class="signals">${items.join('')}</ul>${failure}</section>`;
}

export function evidenceSection(record: RunRecord): string {
  const a = record.analysis;
  const parts: string[] = [];
  if (a.signals.length > 0) {
    const items = a.signals.map((s) => {
      const at = s.at === null ? '' : ` at ${h(formatNumber(s.at))}`;
      return `<li><span class="kind">${h(humanize(s.kind))}</span>${at}: ${h(s.detail)}</li>`;
    });
    parts.push(`<ul class="signals">${items.join('')}</ul>`);
  }
  if (a.queueing) {
    const q = a.queueing;
    parts.push(
      `<p class="note">Past the knee latency grows ${h(formatNumber(q.slopeMsPerRequest))} ms per extra request; ` +
        `a fixed capacity predicts ${h(formatNumber(q.expectedMsPerRequest))} ms ` +
        `(${q.confirmed ? 'queueing on a fixed pool confirmed' : 'not the signature of a fixed pool'}).</p>`,
    );
  }
  const samples = [...new Set(record.steps.flatMap((s) => s.errorSamples))];
  const errors = errorsTable(record);
  if (errors) parts.push(errors);
  if (samples.length > 0)
    parts.push(
      `<h3>Error samples</h3><ul class="signals">${samples.map((s) => `<li><code>${h(s)}</code></li>`).join('')}</ul>`,
    );
  if (parts.length === 0) return '';
  return `<section><h2>Evidence</h2>${parts.join('')}</section>`;
}

export function environmentSection(record: RunRecord): string {
  const e = record.environment;
  const rows: [string, string][] = [
    ['tool', `${record.tool.name} ${record.tool.version}`],
    ['node', e.node],
    ['platform', e.platform],
    ['cpus', formatCount(e.cpus)],
    ['workers', formatCount(e.workers)],
    ['target', e.targetUrl],
    ['scenario file', record.scenario.file],
    ['scenario sha256', record.scenario.sha256],
    ['started', record.startedAt],
    ['ended', record.endedAt],
    ['duration', formatMs(record.durationMs)],
  ];
  if (e.shard) rows.push(['shard', `${e.shard.index + 1} of ${e.shard.count}`]);
  if (record.abortReason) rows.push(['abort reason', record.abortReason]);
  const dl = rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('');
  const scenario = JSON.stringify(record.scenario.resolved, null, 2) ?? 'null';
  return (
    `<section><h2>Environment and scenario</h2><dl class="env">${dl}</dl>` +
    `<details><summary>Resolved scenario (secrets redacted)</summary><pre>${h(scenario)}</pre></details></section>`
  );
}
