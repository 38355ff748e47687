/**
 * Plain-text descriptions of a scenario and its schedule, for `capplan validate` (one line)
 * and `capplan inspect` (a table). Pure: strings out.
 */
import { formatScenarioDuration } from './duration.js';
import type { LoadModel, Phase, Scenario, Schedule } from './types.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "3 requests, sweep of 8 levels, total 1m05s" */
export function summarizeScenario(scenario: Scenario, schedule: Schedule): string {
  const shape = scenario.load.sweep !== undefined
    ? `sweep of ${plural(schedule.phases.length, 'level')}`
    : plural(schedule.phases.length, 'stage');
  const traffic = scenario.flows === undefined
    ? plural(scenario.requests.length, 'request')
    : `${plural(scenario.flows.length, 'flow')} of ${plural(scenario.requests.length, 'step')}`;
  const data = scenario.data === undefined ? '' : `, ${plural(scenario.data.rowCount, 'data row')}`;
  return `${traffic}${data}, ${shape}, total ${formatScenarioDuration(schedule.totalMs)}`;
}

function levelText(model: LoadModel, level: number): string {
  return model === 'closed' ? String(level) : `${level}/s`;
}

function levelsOf(model: LoadModel, phase: Phase): string {
  const from = levelText(model, phase.fromLevel);
  return phase.fromLevel === phase.toLevel ? from : `${from} -> ${levelText(model, phase.toLevel)}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, c) => rows.reduce((m, r) => Math.max(m, (r[c] ?? '').length), h.length));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function targetText(scenario: Scenario): string {
  const demo = scenario.target.demo;
  if (demo === undefined) return scenario.target.url ?? '?';
  const timeout = demo.failFast ? ', fail fast' : demo.acquireTimeoutMs === undefined ? '' : `, acquire timeout ${formatScenarioDuration(demo.acquireTimeoutMs)}`;
  return `demo target (${demo.backend}, pool ${demo.pool}, hold ${formatScenarioDuration(demo.holdMs)}${timeout})`;
}

/** What the load generator needs in connections at the peak. */
function connectionsText(scenario: Scenario, schedule: Schedule): string {
  if (schedule.model === 'closed') return `${schedule.peakLevel} (one per virtual user)`;
  const latencyMs = scenario.target.demo?.holdMs ?? 100;
  const needed = Math.ceil((schedule.peakLevel * latencyMs) / 1000);
  const basis = scenario.target.demo === undefined ? 'if responses take 100ms' : `at the demo target's ${formatScenarioDuration(latencyMs)} hold`;
  return `about ${needed} ${basis} (rate x response time), at most maxInFlight ${scenario.load.maxInFlight}`;
}

/** The `capplan inspect` text: header, phase table, totals. */
export function renderSchedule(scenario: Scenario, schedule: Schedule): string {
  const model = schedule.model;
  const load = model === 'closed'
    ? 'concurrency: virtual users back to back'
    : `rate: ${scenario.load.arrivals} arrivals per second`;
  const lines = [
    `scenario ${scenario.name} (${scenario.file})`,
    `target: ${targetText(scenario)}`,
    `model: ${model} (${load})`,
    '',
    ...table(
      ['#', 'kind', 'label', 'start', 'duration', 'warm-up', model === 'closed' ? 'concurrency' : 'rate'],
      schedule.phases.map((p) => [String(p.index + 1), p.kind, p.label, formatScenarioDuration(p.startMs), formatScenarioDuration(p.durationMs), p.warmupMs > 0 ? formatScenarioDuration(p.warmupMs) : '-', levelsOf(model, p)]),
      new Set([0, 3, 4, 5, 6]),
    ),
    '',
    `total: ${formatScenarioDuration(schedule.totalMs)}`,
    `${model === 'closed' ? 'peak concurrency' : 'peak rate'}: ${levelText(model, schedule.peakLevel)}`,
    `connections needed: ${connectionsText(scenario, schedule)}`,
  ];
  const sweep = schedule.sweep;
  if (sweep !== undefined && sweep.refine > 0) {
    const perLevel = formatScenarioDuration(sweep.holdMs + sweep.warmupMs);
    lines.push((`note: up to ${plural(sweep.refine, 'refinement level')} of ${perLevel} each are added at run time ` + `inside the knee bracket${sweep.stopAfterKnee ? '; the sweep stops two levels past the knee' : ''}`));
  } else if (sweep?.stopAfterKnee === true) {
    lines.push('note: the sweep stops two levels past the knee, so it may end early');
  }
  return lines.join('\n') + '\n';
}
