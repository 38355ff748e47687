/**
 * The one number formatter (a leaf: imports nothing), in three styles with their own names:
 * - tables (`format*`, every renderer): "0.65%", "51.1 ms", "12,345 req/s"; null prints "–";
 * - the analyzer's sentences (`sentence*`): "1 %", "51 ms", "20–22";
 * - the gate's messages (`changePercent`, `formatValue`): "30%", "3.4%", "12.3".
 * The styles differ on purpose (golden reports and stored verdicts carry them).
 */

// ---- tables -------------------------------------------------------------------------

/** What a table shows for a missing or non-finite number. */
export const DASH = '–';

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

// ---- the analyzer's sentences (plain text, no colour) -------------------------------

/** 20.4 → "20", 8.24 → "8.2", 0.51 → "0.51". */
export function sentenceLevel(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 10) return Math.round(v).toString();
  if (a >= 1) return (Math.round(v * 10) / 10).toString();
  return (Math.round(v * 100) / 100).toString();
}

export function sentenceRate(perSec: number): string {
  return perSec >= 100 ? Math.round(perSec).toString() : (Math.round(perSec * 10) / 10).toString();
}

export function sentenceMs(ms: number): string {
  if (ms >= 1000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  if (ms >= 10) return `${Math.round(ms).toString()} ms`;
  return `${(Math.round(ms * 100) / 100).toString()} ms`;
}

export function sentencePercent(fraction: number): string {
  const p = fraction * 100;
  return `${p >= 10 ? Math.round(p).toString() : (Math.round(p * 10) / 10).toString()} %`;
}

export function sentenceRange(ci: readonly [number, number]): string {
  const lo = sentenceLevel(ci[0]);
  const hi = sentenceLevel(ci[1]);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** Milliseconds as digits only, the unit written by the caller: "250", "12.3", "0.42". */
export function msDigits(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

// ---- the gate's messages ------------------------------------------------------------

/** A percentage from a fraction, without sign: 0.296 -> "30%", 0.034 -> "3.4%". */
export function changePercent(fraction: number): string {
  const pct = Math.abs(fraction * 100);
  if (pct >= 9.95) return `${Math.round(pct)}%`;
  return `${Number(pct.toFixed(1))}%`;
}

/** A metric value for people: 399.6 -> "400", 12.34 -> "12.3", 0.5 -> "0.5". */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 99.5) return String(Math.round(value));
  if (Math.abs(value) >= 9.95) return String(Number(value.toFixed(1)));
  return String(Number(value.toPrecision(2)));
}
