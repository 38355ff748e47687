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

export function rateChart(record: RunRecord): string {
  const w = timeWindows(record);
  const series: XyChartSpec['series'][number][] = [
    { name: 'ok/s', color: COLORS.ok, style: 'area', points: w.map((x) => [mid(x), perSec(x.ok, x)]) },
    { name: 'errors/s', color: COLORS.error, style: 'line', points: w.map((x) => [mid(x), perSec(x.errorCount, x)]) },
  ];
  if (record.model === 'open')
    series.unshift({
      name: 'offered/s',
      color: COLORS.offered,
      style: 'dashed',
      points: w.map((x) => [mid(x), perSec(x.intended, x)]),
    });
  return renderXyChart({
    ...base(record),
    id: 'timeseries-rate',
    title: 'Throughput over time',
    description: 'Successful responses and errors per second over the run, with stages shaded.',
    yLabel: 'req/s',
    series,
  });
}

export function latencyTimeChart(record: RunRecord): string {
  const w = timeWindows(record);
  const sloP99 = record.analysis.slo.find((s) => s.metric === 'p99' && s.request === undefined)?.threshold;
  return renderXyChart({
    ...base(record),
    id: 'timeseries-latency',
    title: 'Latency over time',
    description: 'p50, p90 and p99 latency of successful requests per 1 s window (ms).',
    yLabel: 'latency (ms)',
    series: (['p50', 'p90', 'p99'] as const).map((p) => ({
      name: p,
      color: COLORS[p],
      style: 'line' as const,
      points: w.map((x) => [mid(x), x.latencyMs.count > 0 ? x.latencyMs[p] : Number.NaN] as [number, number]),
    })),
    hLines: sloP99 === undefined ? [] : [{ at: sloP99, label: `SLO p99 ${formatMs(sloP99)}`, color: COLORS.slo }],
  });
}

/** Errors per second by kind; null when the run had no errors (the report says so in words). */
export function errorsChart(record: RunRecord): string | null {
  const kinds = errorsByKind(record).map(([k]) => k);
  if (kinds.length === 0) return null;
  return renderXyChart({
    ...base(record),
    id: 'timeseries-errors',
    title: 'Errors by kind over time',
    description: `Errors per second by kind: ${kinds.join(', ')}.`,
    yLabel: 'errors/s',
    series: kinds.map((kind, i) => ({
      name: kind,
      color: kinds.length === 1 ? COLORS.error : seriesColor(i + 3),
      style: 'line' as const,
      points: timeWindows(record).map((x) => [mid(x), perSec(x.errors[kind] ?? 0, x)] as [number, number]),
    })),
  });
}

export function inFlightChart(record: RunRecord): string {
  const w = timeWindows(record);
  const series: XyChartSpec['series'][number][] = [
    { name: 'in-flight (mean)', color: COLORS.inFlight, style: 'area', points: w.map((x) => [mid(x), x.inFlight]) },
    { name: 'in-flight (max)', color: COLORS.inFlight, style: 'dashed', points: w.map((x) => [mid(x), x.inFlightMax]) },
  ];
  if (record.model === 'closed')
    series.push({
      name: 'target concurrency',
      color: COLORS.target,
      style: 'dashed',
      points: w.map((x) => [mid(x), x.level]),
    });
  return renderXyChart({
    ...base(record),
    id: 'timeseries-inflight',
    title: 'Requests in flight',
    description: 'Requests in flight per window (mean and max); growth under open load means arrivals exceed capacity.',
    yLabel: 'in flight',
    series,
  });
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
