/**
 * Parts of an x/y chart: frame and axes with nice ticks, shaded bands, reference lines,
 * and the series themselves. Each returns SVG markup for a prepared `Frame`.
 */
import { formatTick, type Ticks } from './scale.js';
import { areaData, el, pathData, px, text } from './svg.js';

/** The plot area in pixels and the data-to-pixel maps. */
export type Frame = {
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: (v: number) => number;
  y: (v: number) => number;
  xTicks: Ticks;
  yTicks: Ticks;
};

export type SeriesStyle = 'line' | 'points' | 'line-points' | 'dashed' | 'area' | 'hollow';

export type XySeries = {
  name: string;
  color: string;
  style: SeriesStyle;
  points: readonly (readonly [number, number])[];
};

/** A shaded x-interval: a stage of the run, a warm-up, or a confidence interval. */
export type XBand = { x0: number; x1: number; label: string; kind: 'stage' | 'stage-alt' | 'warmup' | 'ci' };

export type RefLine = { at: number; label: string; color: string };

export function axes(
  f: Frame,
  labels: { x: string; y: string },
  format: { x: (v: number) => string; y: (v: number) => string },
): string {
  const parts: string[] = [];
  for (const t of f.yTicks.ticks) {
    const y = f.y(t);
    parts.push(el('line', { class: 'grid', x1: f.left, x2: f.right, y1: y, y2: y }));
    parts.push(el('text', { class: 'tick', x: f.left - 6, y: y + 4, 'text-anchor': 'end' }, text(format.y(t))));
  }
  for (const t of f.xTicks.ticks) {
    const x = f.x(t);
    parts.push(el('line', { class: 'tick-mark', x1: x, x2: x, y1: f.bottom, y2: f.bottom + 4 }));
    parts.push(el('text', { class: 'tick', x, y: f.bottom + 17, 'text-anchor': 'middle' }, text(format.x(t))));
  }
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom }));
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.left, y1: f.top, y2: f.bottom }));
  parts.push(
    el(
      'text',
      { class: 'axis-label', x: (f.left + f.right) / 2, y: f.bottom + 34, 'text-anchor': 'middle' },
      text(labels.x),
    ),
  );
  parts.push(
    el(
      'text',
      {
        class: 'axis-label',
        x: 14,
        y: (f.top + f.bottom) / 2,
        'text-anchor': 'middle',
        transform: `rotate(-90 14 ${px((f.top + f.bottom) / 2)})`,
      },
      text(labels.y),
    ),
  );
  return el('g', { class: 'axes' }, parts);
}

/** Bands behind the data; stage labels go above the frame when they fit. */
export function bands(f: Frame, list: readonly XBand[]): string {
  const parts: string[] = [];
  for (const b of list) {
    const x0 = Math.max(f.left, f.x(b.x0));
    const x1 = Math.min(f.right, f.x(b.x1));
    if (x1 <= x0) continue;
    parts.push(el('rect', { class: `band band-${b.kind}`, x: x0, y: f.top, width: x1 - x0, height: f.bottom - f.top }));
    const fits = b.label.length * 6.2 + 6 <= x1 - x0;
    if (b.kind !== 'warmup' && b.label && fits) {
      parts.push(
        el(
          'text',
          { class: `band-label band-label-${b.kind}`, x: (x0 + x1) / 2, y: f.top - 6, 'text-anchor': 'middle' },
          text(b.label),
        ),
      );
    }
  }
  return el('g', { class: 'bands' }, parts);
}

export function verticalLines(f: Frame, lines: readonly RefLine[]): string {
  return lines
    .filter((l) => f.x(l.at) >= f.left - 0.5 && f.x(l.at) <= f.right + 0.5)
    .map((l) => {
      const x = f.x(l.at);
      // 11.5 px bold text is about 6.8 px per character: flip the label left of the line if it would overflow.
      const anchor = x + 5 + l.label.length * 6.8 > f.right ? 'end' : 'start';
      return el('g', { class: 'ref' }, [
        el('line', {
          x1: x,
          x2: x,
          y1: f.top,
          y2: f.bottom,
          stroke: l.color,
          'stroke-dasharray': '5 4',
          'stroke-width': 1.5,
        }),
        el(
          'text',
          {
            class: 'ref-label',
            x: anchor === 'end' ? x - 5 : x + 5,
            y: f.top + 13,
            fill: l.color,
            'text-anchor': anchor,
          },
          text(l.label),
        ),
      ]);
    })
    .join('');
}

export function horizontalLines(f: Frame, lines: readonly RefLine[]): string {
  return lines
    .filter((l) => f.y(l.at) >= f.top - 0.5 && f.y(l.at) <= f.bottom + 0.5)
    .map((l) => {
      const y = f.y(l.at);
      return el('g', { class: 'ref' }, [
        el('line', {
          x1: f.left,
          x2: f.right,
          y1: y,
          y2: y,
          stroke: l.color,
          'stroke-dasharray': '5 4',
          'stroke-width': 1.2,
        }),
        el(
          'text',
          { class: 'ref-label', x: f.right - 4, y: y - 5, fill: l.color, 'text-anchor': 'end' },
          text(l.label),
        ),
      ]);
    })
    .join('');
}

/**
 * Keeps the shape of a long series at a fraction of its size: per pixel column, the first,
 * lowest, highest and last point (M4 decimation), so a one-window spike in an hour-long
 * soak still shows while report.html stays small. Short series pass through unchanged.
 */
export function decimate(points: readonly (readonly [number, number])[], width: number): (readonly [number, number])[] {
  if (points.length <= width * 2) return [...points];
  const out: (readonly [number, number])[] = [];
  let column: (readonly [number, number])[] = [];
  const flush = (): void => {
    if (column.length === 0) return;
    const byY = column.filter((p) => Number.isFinite(p[1])).sort((a, b) => a[1] - b[1]);
    const keep = new Set([column[0], byY[0], byY[byY.length - 1], column[column.length - 1]]);
    out.push(...column.filter((p) => keep.has(p)));
    column = [];
  };
  let current = Number.NaN;
  for (const p of points) {
    const col = Math.round(p[0]);
    if (col !== current) flush();
    current = col;
    column.push(p);
  }
  flush();
  return out;
}

export function series(f: Frame, s: XySeries): string {
  const pts = decimate(
    s.points.map(([x, y]) => [f.x(x), f.y(y)] as const),
    f.right - f.left,
  );
  const parts: string[] = [];
  if (s.style === 'area') {
    parts.push(el('path', { d: areaData(pts, f.bottom), fill: s.color, 'fill-opacity': '0.18', stroke: 'none' }));
  }
  if (s.style !== 'points' && s.style !== 'hollow') {
    const dashed = s.style === 'dashed';
    parts.push(
      el('path', {
        d: pathData(pts),
        fill: 'none',
        stroke: s.color,
        'stroke-width': dashed ? 1.6 : 2,
        'stroke-dasharray': dashed ? '6 4' : undefined,
        'stroke-linejoin': 'round',
      }),
    );
  }
  if (s.style === 'points' || s.style === 'line-points' || s.style === 'hollow') {
    const hollow = s.style === 'hollow';
    for (const [x, y] of pts) {
      if (Number.isFinite(x) && Number.isFinite(y)) {
        parts.push(
          el('circle', { cx: x, cy: y, r: 3.5, fill: hollow ? '#fff' : s.color, stroke: s.color, 'stroke-width': 1.5 }),
        );
      }
    }
  }
  return el('g', { class: 'series', 'data-series': s.name }, parts);
}

export { formatTick };
