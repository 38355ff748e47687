/**
 * Plain-text descriptions of a scenario and its schedule, for `capplan validate` (one line)
 * and `capplan inspect` (a table). Pure: strings out.
 */
import { formatScenarioDuration } from './duration.js';
import type { AdaptiveSchedule, LoadModel, Phase, Scenario, Schedule } from './types.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "3 requests, sweep of 8 levels, total 1m05s" */
export function summarizeScenario(scenario: Scenario, schedule: Schedule): string {
  const adaptive = schedule.sweep?.adaptive;
  const shape =
    adaptive !== undefined
      ? `adaptive sweep of levels ${levelText(schedule.model, adaptive.from)}-${levelText(schedule.model, adaptive.to)}`
      : scenario.load.sweep !== undefined
        ? `sweep of ${plural(schedule.phases.length, 'level')}`
        : plural(schedule.phases.length, 'stage');
  const traffic =
    scenario.flows === undefined
      ? plural(scenario.requests.length, 'request')
      : `${plural(scenario.flows.length, 'flow')} of ${plural(scenario.requests.length, 'step')}`;
  const data = scenario.data === undefined ? '' : `, ${plural(scenario.data.rowCount, 'data row')}`;
  const time = formatScenarioDuration(schedule.totalMs);
  const total = adaptive !== undefined ? `at most ${time} of load` : `total ${time}`;
  return `${traffic}${data}, ${shape}, ${total}`;
}

function levelText(model: LoadModel, level: number): string {
  return model === 'closed' ? String(level) : `${level}/s`;
}

function levelsOf(model: LoadModel, phase: Phase): string {
  const from = levelText(model, phase.fromLevel);
  return phase.fromLevel === phase.toLevel ? from : `${from} -> ${levelText(model, phase.toLevel)}`;
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number>,
): string[] {
  const widths = header.map((h, c) => rows.reduce((m, r) => Math.max(m, (r[c] ?? '').length), h.length));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function targetText(scenario: Scenario): string {
  const demo = scenario.target.demo;
  if (demo === undefined) return scenario.target.url ?? '?';
  const timeout = demo.failFast
    ? ', fail fast'
    : demo.acquireTimeoutMs === undefined
      ? ''
      : `, acquire timeout ${formatScenarioDuration(demo.acquireTimeoutMs)}`;
  return `demo target (${demo.backend}, pool ${demo.pool}, hold ${formatScenarioDuration(demo.holdMs)}${timeout})`;
}

/** What the load generator needs in connections at the peak. */
function connectionsText(scenario: Scenario, schedule: Schedule): string {
  if (schedule.model === 'closed') return `${schedule.peakLevel} (one per virtual user)`;
  const latencyMs = scenario.target.demo?.holdMs ?? 100;
  const needed = Math.ceil((schedule.peakLevel * latencyMs) / 1000);
  const basis =
    scenario.target.demo === undefined
      ? 'if responses take 100ms'
      : `at the demo target's ${formatScenarioDuration(latencyMs)} hold`;
  return `about ${needed} ${basis} (rate x response time), at most maxInFlight ${scenario.load.maxInFlight}`;
}

function totalLines(scenario: Scenario, schedule: Schedule): string[] {
  const model = schedule.model;
  return [
    `total: ${formatScenarioDuration(schedule.totalMs)}`,
    `${model === 'closed' ? 'peak concurrency' : 'peak rate'}: ${levelText(model, schedule.peakLevel)}`,
    `connections needed: ${connectionsText(scenario, schedule)}`,
  ];
}

/** An adaptive search: its bounds, since only the probe is known before the run. */
function adaptiveLines(scenario: Scenario, schedule: Schedule, a: AdaptiveSchedule): string[] {
  const pct = `${Math.round(a.precision * 1000) / 10}%`;
  return [
    'schedule: adaptive (levels decided live from the measured windows; ANALYSIS.md §9.3)',
    `  levels: from ${levelText(schedule.model, a.from)} (the probe above) ` +
      `up to at most ${levelText(schedule.model, a.to)}: ` +
      '1s levels doubling while throughput scales, then 2s levels around the fitted knee',
    `  stops: when the knee's 95% CI is within +/-${pct}, at ${levelText(schedule.model, a.to)} (not reached), ` +
      `or at ${formatScenarioDuration(a.maxLoadMs)} of load`,
    `max load: ${formatScenarioDuration(a.maxLoadMs)} (pauses of about 1s between levels come on top)`,
    `peak concurrency: at most ${levelText(schedule.model, schedule.peakLevel)}`,
    `connections needed: ${connectionsText(scenario, schedule)}`,
  ];
}

/** The `capplan inspect` text: header, phase table, totals. */
export function renderSchedule(scenario: Scenario, schedule: Schedule): string {
  const model = schedule.model;
  const load =
    model === 'closed'
      ? 'concurrency: virtual users back to back'
      : `rate: ${scenario.load.arrivals} arrivals per second`;
  const lines = [
    `scenario ${scenario.name} (${scenario.file})`,
    `target: ${targetText(scenario)}`,
    `model: ${model} (${load})`,
    '',
    ...table(
      ['#', 'kind', 'label', 'start', 'duration', 'warm-up', model === 'closed' ? 'concurrency' : 'rate'],
      schedule.phases.map((p) => [
        String(p.index + 1),
        p.kind,
        p.label,
        formatScenarioDuration(p.startMs),
        formatScenarioDuration(p.durationMs),
        p.warmupMs > 0 ? formatScenarioDuration(p.warmupMs) : '-',
        levelsOf(model, p),
      ]),
      new Set([0, 3, 4, 5, 6]),
    ),
    '',
    ...(schedule.sweep?.adaptive === undefined
      ? totalLines(scenario, schedule)
      : adaptiveLines(scenario, schedule, schedule.sweep.adaptive)),
  ];
  const sweep = schedule.sweep;
  if (sweep !== undefined && sweep.refine > 0) {
    const perLevel = formatScenarioDuration(sweep.holdMs + sweep.warmupMs);
    lines.push(
      `note: up to ${plural(sweep.refine, 'refinement level')} of ${perLevel} each are added at run time ` +
        `inside the knee bracket${sweep.stopAfterKnee ? '; the sweep stops two levels past the knee' : ''}`,
    );
  } else if (sweep?.stopAfterKnee === true) {
    lines.push('note: the sweep stops two levels past the knee, so it may end early');
  }
  return lines.join('\n') + '\n';
}
