/**
 * The planner's picture: measured capacity against the expected peak as two horizontal
 * bars on one scale, the gap labelled as headroom (or shortfall).
 */
import { formatRate, formatSignedPercent } from '../../format.js';
import { COLORS } from './palette.js';
import { linearScale, niceTicks } from './scale.js';
import { el, text } from './svg.js';

export type HeadroomInput = { capacityPerSec: number; peakPerSec: number; headroom: number; capacityCensored: boolean };

const WIDTH = 760;
const HEIGHT = 150;
const LEFT = 150;
const RIGHT = WIDTH - 30;

function bar(y: number, label: string, value: number, color: string, x: (v: number) => number, note: string): string {
  const end = x(value);
  return el('g', {}, [
    el('text', { class: 'bar-label', x: LEFT - 10, y: y + 17, 'text-anchor': 'end' }, text(label)),
    el('rect', { x: LEFT, y, width: Math.max(1, end - LEFT), height: 26, rx: 3, fill: color, 'fill-opacity': '0.85' }),
    el(
      'text',
      {
        class: 'bar-value',
        x: end + 6 > RIGHT - 120 ? end - 6 : end + 6,
        y: y + 17,
        'text-anchor': end + 6 > RIGHT - 120 ? 'end' : 'start',
        fill: end + 6 > RIGHT - 120 ? '#fff' : '#212529',
      },
      text(`${formatRate(value)}${note}`),
    ),
  ]);
}

/** Renders the headroom chart as <svg class="chart" data-chart="headroom">. */
export function headroomChart(input: HeadroomInput): string {
  const ticks = niceTicks(0, Math.max(input.capacityPerSec, input.peakPerSec) * 1.1, 5);
  const x = linearScale([0, ticks.max], [LEFT, RIGHT]);
  const short = input.headroom < 0;
  const grid = ticks.ticks.map((t) =>
    el('g', {}, [
      el('line', { class: 'grid', x1: x(t), x2: x(t), y1: 16, y2: 112 }),
      el('text', { class: 'tick', x: x(t), y: 128, 'text-anchor': 'middle' }, text(`${t}`)),
    ]),
  );
  const gapFrom = Math.min(x(input.capacityPerSec), x(input.peakPerSec));
  const gapTo = Math.max(x(input.capacityPerSec), x(input.peakPerSec));
  const label = `${short ? 'shortfall' : 'headroom'} ${formatSignedPercent(input.headroom)}`;
  const description =
    `Measured capacity ${formatRate(input.capacityPerSec)} against ` +
    `the expected peak ${formatRate(input.peakPerSec)}: ${label}.`;
  return el(
    'svg',
    {
      class: 'chart',
      'data-chart': 'headroom',
      role: 'img',
      'aria-label': description,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      xmlns: 'http://www.w3.org/2000/svg',
    },
    [
      el('title', {}, text('Capacity against the expected peak')),
      ...grid,
      bar(22, 'measured capacity', input.capacityPerSec, COLORS.capacity, x, input.capacityCensored ? ' or more' : ''),
      bar(70, 'expected peak', input.peakPerSec, short ? COLORS.peak : COLORS.reference, x, ''),
      el('rect', {
        x: gapFrom,
        y: 16,
        width: Math.max(0, gapTo - gapFrom),
        height: 96,
        fill: short ? COLORS.peak : COLORS.capacity,
        'fill-opacity': '0.08',
      }),
      el(
        'text',
        {
          class: 'ref-label',
          x: (gapFrom + gapTo) / 2,
          y: 146,
          'text-anchor': 'middle',
          fill: short ? COLORS.peak : COLORS.capacity,
        },
        text(label),
      ),
      el('text', { class: 'axis-label', x: LEFT - 10, y: 128, 'text-anchor': 'end' }, text('req/s')),
    ],
  );
}
