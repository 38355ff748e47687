/**
 * Charts over the run's time axis, all sharing one x domain so they line up when stacked:
 * rate (ok, errors, offered), latency percentiles, errors by kind, in-flight, and every
 * probe series. Stages (or sweep levels) are shaded bands labelled with windows[].stage.
 */
import type { RunRecord, WindowRecord } from '../../record/types.js';
import { formatMs } from '../../format.js';
import { errorsByKind, probeMetricNames, timeWindows } from '../steps.js';
import { COLORS, seriesColor } from './palette.js';
import { renderXyChart, type XBand, type XyChartSpec } from './xy.js';
import { maxOf } from '../../stats/index.js';

const HEIGHT = 220;

/** Seconds at the middle of a window (a rate over a window belongs to its middle). */
function mid(w: WindowRecord): number {
  return (w.tMs + w.durationMs / 2) / 1000;
}

export { mid as windowMid, base as timeAxis };

function perSec(count: number, w: WindowRecord): number {
  return w.durationMs > 0 ? (count * 1000) / w.durationMs : 0;
}

/** One band per phase (alternating shade), plus warm-up stretches. */
export function stageBands(record: RunRecord): XBand[] {
  const out: XBand[] = [];
  let current: XBand | null = null;
  let phase = -1;
  for (const w of timeWindows(record)) {
    const x0 = w.tMs / 1000;
    const x1 = (w.tMs + w.durationMs) / 1000;
    if (w.phaseIndex !== phase || current === null) {
      current = {
        x0,
        x1,
        label: w.stage,
        kind: out.filter((b) => b.kind !== 'warmup').length % 2 === 0 ? 'stage' : 'stage-alt',
      };
      out.push(current);
      phase = w.phaseIndex;
    } else current.x1 = x1;
    if (w.warmup) out.push({ x0, x1, label: 'warm-up', kind: 'warmup' });
  }
  return out;
}

function base(record: RunRecord): Pick<XyChartSpec, 'xDomain' | 'xLabel' | 'bands' | 'height' | 'xFormat'> {
  const end = maxOf([1, record.durationMs / 1000, ...timeWindows(record).map((w) => (w.tMs + w.durationMs) / 1000)]);
  return {
    xDomain: [0, end],
    xLabel: 'time since start (s)',
    bands: stageBands(record),
    height: HEIGHT,
    xFormat: (v) => `${v}s`,
  };
}

type Series = XyChartSpec['series'][number];

/** Each time chart's anchor (`data-chart`), title and y-axis label. */
const HEADINGS = {
  rate: { id: 'timeseries-rate', title: 'Throughput over time', yLabel: 'req/s' },
  latency: { id: 'timeseries-latency', title: 'Latency over time', yLabel: 'latency (ms)' },
  errors: { id: 'timeseries-errors', title: 'Errors by kind over time', yLabel: 'errors/s' },
  inFlight: { id: 'timeseries-inflight', title: 'Requests in flight', yLabel: 'in flight' },
} as const;

/** A chart on the run's time axis; `description` is what a screen reader says of it. */
function timeChart(
  record: RunRecord,
  heading: keyof typeof HEADINGS,
  description: string,
  series: readonly Series[],
  hLines?: XyChartSpec['hLines'],
): string {
  return renderXyChart({ ...base(record), ...HEADINGS[heading], description, series, ...(hLines && { hLines }) });
}

/** One series over the run's windows, each point at its window's middle. */
function overWindows(
  windows: readonly WindowRecord[],
  [name, color, style]: [string, string, Series['style']],
  y: (w: WindowRecord) => number,
): Series {
  return { name, color, style, points: windows.map((w) => [mid(w), y(w)] as [number, number]) };
}

export function rateChart(record: RunRecord): string {
  const w = timeWindows(record);
  const series = [
    overWindows(w, ['ok/s', COLORS.ok, 'area'], (x) => perSec(x.ok, x)),
    overWindows(w, ['errors/s', COLORS.error, 'line'], (x) => perSec(x.errorCount, x)),
  ];
  if (record.model === 'open')
    series.unshift(overWindows(w, ['offered/s', COLORS.offered, 'dashed'], (x) => perSec(x.intended, x)));
  const description = 'Successful responses and errors per second over the run, with stages shaded.';
  return timeChart(record, 'rate', description, series);
}

export function latencyTimeChart(record: RunRecord): string {
  const w = timeWindows(record);
  const sloP99 = record.analysis.slo.find((s) => s.metric === 'p99' && s.request === undefined)?.threshold;
  const series = (['p50', 'p90', 'p99'] as const).map((p) =>
    overWindows(w, [p, COLORS[p], 'line'], (x) => (x.latencyMs.count > 0 ? x.latencyMs[p] : Number.NaN)),
  );
  const slo = sloP99 === undefined ? [] : [{ at: sloP99, label: `SLO p99 ${formatMs(sloP99)}`, color: COLORS.slo }];
  const description = 'p50, p90 and p99 latency of successful requests per 1 s window (ms).';
  return timeChart(record, 'latency', description, series, slo);
}

/** Errors per second by kind; null when the run had no errors (the report says so in words). */
export function errorsChart(record: RunRecord): string | null {
  const kinds = errorsByKind(record).map(([k]) => k);
  if (kinds.length === 0) return null;
  const w = timeWindows(record);
  const series = kinds.map((kind, i) =>
    overWindows(w, [kind, kinds.length === 1 ? COLORS.error : seriesColor(i + 3), 'line'], (x) =>
      perSec(x.errors[kind] ?? 0, x),
    ),
  );
  return timeChart(record, 'errors', `Errors per second by kind: ${kinds.join(', ')}.`, series);
}

export function inFlightChart(record: RunRecord): string {
  const w = timeWindows(record);
  const series = [
    overWindows(w, ['in-flight (mean)', COLORS.inFlight, 'area'], (x) => x.inFlight),
    overWindows(w, ['in-flight (max)', COLORS.inFlight, 'dashed'], (x) => x.inFlightMax),
  ];
  if (record.model === 'closed')
    series.push(overWindows(w, ['target concurrency', COLORS.target, 'dashed'], (x) => x.level));
  const description =
    'Requests in flight per window (mean and max); growth under open load means arrivals exceed capacity.';
  return timeChart(record, 'inFlight', description, series);
}

/** One chart per probe, its metrics as lines on the run's time axis. */
export function probeCharts(record: RunRecord): string[] {
  return (record.probes ?? [])
    .filter((p) => p.series.length > 0)
    .map((probe) => {
      const names = probeMetricNames(probe);
      return renderXyChart({
        ...base(record),
        id: 'probe',
        title: `Probe: ${probe.name} (${probe.kind})`,
        description: `Probe ${probe.name} sampled over the run: ${names.join(', ')}.`,
        yLabel: 'value',
        series: names.map((name, i) => ({
          name,
          color: seriesColor(i),
          style: 'line' as const,
          points: probe.series.map((s) => [s.tMs / 1000, s.values[name] ?? Number.NaN] as [number, number]),
        })),
      });
    });
}
