/**
 * Number formatting shared by every renderer, so the terminal, Markdown, HTML and JUnit
 * show the same figures. Precision follows magnitude: enough digits to compare steps,
 * never more than the measurement carries. Non-finite or null input prints "–".
 */
import type { LoadModel } from '../scenario/types.js';

const DASH = '–';

function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Groups thousands with commas without relying on the runtime's locale data. */
function group(digits: string): string {
  const [int = '', frac] = digits.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const body = sign ? int.slice(1) : int;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A plain number: 1 decimal below 100 (0.42 → "0.42" below 1), whole above, thousands grouped. */
export function formatNumber(x: number | null | undefined): string {
  if (!isNumber(x)) return DASH;
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs < 1) return stripZeros(x.toFixed(2));
  if (abs < 100) return stripZeros(x.toFixed(1));
  return group(Math.round(x).toString());
}

/** An integer count with grouping: 3909 → "3,909". */
export function formatCount(n: number | null | undefined): string {
  return isNumber(n) ? group(Math.round(n).toString()) : DASH;
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A latency or duration in ms: "0.42 ms", "51.1 ms", "249 ms", "1.63 s", "1m 05s". */
export function formatMs(ms: number | null | undefined): string {
  if (!isNumber(ms)) return DASH;
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms === 0 ? '0' : ms.toFixed(2)} ms`;
  if (abs < 100) return `${ms.toFixed(1)} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  return formatDurationMs(ms);
}

/** A wall-clock span: "45 s", "1m 05s", "2h 03m". */
export function formatDurationMs(ms: number | null | undefined): string {
  if (!isNumber(ms)) return DASH;
  const totalSec = Math.round(ms / 1000);
  if (totalSec < 60) return `${totalSec} s`;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const pad = (n: number): string => n.toString().padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m` : `${m}m ${pad(s)}s`;
}

/** A rate per second: "19.8 req/s", "403 req/s", "12,345 req/s". */
export function formatRate(perSec: number | null | undefined, unit = 'req/s'): string {
  return isNumber(perSec) ? `${formatNumber(perSec)} ${unit}` : DASH;
}

/** A fraction as a percentage: 0 → "0%", 0.00653 → "0.65%", 0.0427 → "4.3%", 0.33 → "33%". */
export function formatPercent(fraction: number | null | undefined): string {
  if (!isNumber(fraction)) return DASH;
  const pct = fraction * 100;
  const abs = Math.abs(pct);
  if (abs === 0) return '0%';
  if (abs < 1) return `${stripZeros(pct.toFixed(2))}%`;
  if (abs < 10) return `${stripZeros(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

/** A signed percentage for headroom: "+25%", "−34%" (a real minus sign). */
export function formatSignedPercent(fraction: number | null | undefined): string {
  if (!isNumber(fraction)) return DASH;
  const text = formatPercent(Math.abs(fraction));
  if (fraction > 0) return `+${text}`;
  return fraction < 0 ? `−${text}` : text;
}

/** "19.6–21.3" for an interval, in the unit-free number format. */
export function formatRange(range: readonly [number, number] | null | undefined): string {
  if (!range) return DASH;
  const [lo, hi] = range;
  return lo === hi ? formatNumber(lo) : `${formatNumber(lo)}–${formatNumber(hi)}`;
}

/** What a load level means in a model: closed = concurrent requests, open = offered req/s. */
export function levelUnit(model: LoadModel): string {
  return model === 'closed' ? 'concurrent' : 'req/s';
}

/** A load level with its unit: "20.4 concurrent", "600 req/s". */
export function formatLevel(level: number | null | undefined, model: LoadModel): string {
  return isNumber(level) ? `${formatNumber(level)} ${levelUnit(model)}` : DASH;
}

/** Axis or column name of the level: "concurrency" or "offered rate (req/s)". */
export function levelAxisLabel(model: LoadModel): string {
  return model === 'closed' ? 'concurrency' : 'offered rate (req/s)';
}

/** A kebab or camel identifier in words: "throughput-plateau" → "throughput plateau". */
export function humanize(id: string | null | undefined): string {
  if (id === null || id === undefined || id === '') return DASH;
  return id.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}
