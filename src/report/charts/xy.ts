/**
 * A generic x/y chart as one accessible inline <svg> (role="img", aria-label, <title>)
 * with an HTML legend under it. No script, no external resource: the report stays one file.
 */
import { escapeHtml } from '../escape.js';
import { formatTick, linearScale, niceTicks } from './scale.js';
import { el, text } from './svg.js';
import {
  axes,
  bands,
  horizontalLines,
  series,
  verticalLines,
  type Frame,
  type RefLine,
  type XBand,
  type XySeries,
} from './xy-parts.js';
import { maxOf, minOf } from '../../stats/index.js';

export type { RefLine, XBand, XySeries } from './xy-parts.js';

export type XyChartSpec = {
  /** Identifies the chart for readers and tests: `data-chart="goodput"`. */
  id: string;
  title: string;
  /** What the chart shows, for screen readers (aria-label). */
  description: string;
  xLabel: string;
  yLabel: string;
  series: readonly XySeries[];
  /** Fixed x domain (time charts share one); default: the data's extent. */
  xDomain?: readonly [number, number];
  /** Lowest y shown; default 0 (rates and latencies start at zero). */
  yMin?: number;
  bands?: readonly XBand[];
  vLines?: readonly RefLine[];
  hLines?: readonly RefLine[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  width?: number;
  height?: number;
};

const MARGIN = { left: 62, right: 18, top: 28, bottom: 46 };

function extent(values: readonly number[], fallback: readonly [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? [fallback[0], fallback[1]] : [minOf(finite), maxOf(finite)];
}

function makeFrame(spec: XyChartSpec, width: number, height: number): Frame {
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...spec.series.flatMap((s) => s.points.map((p) => p[1])), ...(spec.hLines ?? []).map((l) => l.at)];
  const [x0, x1] = spec.xDomain ?? extent(xs, [0, 1]);
  const [, yMax] = extent(ys, [0, 1]);
  const xTicks = niceTicks(x0, x1, 8);
  // Time charts keep their exact domain (shared across charts); others widen to nice ticks.
  const xDomain: [number, number] = spec.xDomain ? [x0, x1] : [xTicks.min, xTicks.max];
  xTicks.ticks = xTicks.ticks.filter((t) => t >= xDomain[0] - 1e-9 && t <= xDomain[1] + 1e-9);
  const yTicks = niceTicks(spec.yMin ?? 0, Math.max(yMax * 1.05, (spec.yMin ?? 0) + 1e-9), 5);
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  return {
    left,
    right,
    top,
    bottom,
    xTicks,
    yTicks,
    x: linearScale(xDomain, [left, right]),
    y: linearScale([yTicks.min, yTicks.max], [bottom, top]),
  };
}

function legend(list: readonly XySeries[], extra: readonly RefLine[]): string {
  const items = [
    ...list.map((s) => ({
      name: s.name,
      color: s.color,
      kind: s.style === 'dashed' ? 'dashed' : s.style === 'hollow' ? 'hollow' : s.style === 'points' ? 'point' : 'line',
    })),
    ...extra.map((l) => ({ name: l.label, color: l.color, kind: 'dashed' })),
  ];
  if (items.length === 0) return '';
  const li = items.map(
    (i) =>
      `<li><span class="swatch swatch-${i.kind}" style="--c:${escapeHtml(i.color)}"></span>${escapeHtml(i.name)}</li>`,
  );
  return `<ul class="legend">${li.join('')}</ul>`;
}

/** Renders the chart as a <figure> holding the <svg class="chart"> and its legend. */
export function renderXyChart(spec: XyChartSpec): string {
  const width = spec.width ?? 760;
  const height = spec.height ?? 280;
  const frame = makeFrame(spec, width, height);
  const fmt = { x: spec.xFormat ?? formatTick, y: spec.yFormat ?? formatTick };
  const svg = el(
    'svg',
    {
      class: 'chart',
      'data-chart': spec.id,
      role: 'img',
      'aria-label': spec.description,
      viewBox: `0 0 ${width} ${height}`,
      xmlns: 'http://www.w3.org/2000/svg',
      preserveAspectRatio: 'xMidYMid meet',
    },
    [
      el('title', {}, text(spec.title)),
      bands(frame, spec.bands ?? []),
      axes(frame, { x: spec.xLabel, y: spec.yLabel }, fmt),
      ...spec.series.map((s) => series(frame, s)),
      horizontalLines(frame, spec.hLines ?? []),
      verticalLines(frame, spec.vLines ?? []),
    ],
  );
  const legendHtml = legend(spec.series, [...(spec.hLines ?? [])]);
  const caption = `<figcaption><strong>${escapeHtml(spec.title)}</strong>${legendHtml}</figcaption>`;
  return `<figure class="chart-figure">${caption}${svg}</figure>`;
}
