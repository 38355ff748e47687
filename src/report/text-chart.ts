/**
 * Charts made of text for the terminal: horizontal bars with eighth-block resolution and
 * sparklines. Pure string functions; every output is exactly as wide as asked.
 */
import { maxOf } from '../stats/index.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A bar of `value / max` filling `width` cells, padded with spaces to exactly `width`. */
export function textBar(value: number, max: number, width: number): string {
  if (width <= 0) return '';
  const fraction = max > 0 && Number.isFinite(value) ? Math.min(1, Math.max(0, value / max)) : 0;
  const eighths = Math.round(fraction * width * 8);
  const full = Math.floor(eighths / 8);
  const bar = '█'.repeat(full) + (EIGHTHS[eighths % 8] ?? '');
  return bar.padEnd(width, ' ');
}

/**
 * Reduces `values` to at most `width` buckets: each bucket is the max of its values
 * (`reduce: 'max'`, for latency and errors: a short spike must stay visible) or the mean.
 */
export function resample(values: readonly number[], width: number, reduce: 'max' | 'mean'): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    const slice = values.slice(from, to);
    out.push(reduce === 'max' ? maxOf(slice) : slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return out;
}

/** One character per value, scaled from 0 to the max (a zero stays the lowest block). */
export function sparkline(values: readonly number[]): string {
  const max = maxOf(values.filter(Number.isFinite), 0);
  return values
    .map((v) => {
      if (!Number.isFinite(v) || max === 0) return SPARKS[0];
      return SPARKS[Math.min(SPARKS.length - 1, Math.round((v / max) * (SPARKS.length - 1)))];
    })
    .join('');
}
