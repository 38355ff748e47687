/** Number formatting for the analyzer's sentences (plain text, no colour). */

/** 20.4 → "20", 8.24 → "8.2", 0.51 → "0.51". */
export function fmtLevel(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 10) return Math.round(v).toString();
  if (a >= 1) return (Math.round(v * 10) / 10).toString();
  return (Math.round(v * 100) / 100).toString();
}

export function fmtRate(perSec: number): string {
  return perSec >= 100 ? Math.round(perSec).toString() : (Math.round(perSec * 10) / 10).toString();
}

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  if (ms >= 10) return `${Math.round(ms).toString()} ms`;
  return `${(Math.round(ms * 100) / 100).toString()} ms`;
}

export function fmtPct(fraction: number): string {
  const p = fraction * 100;
  return `${p >= 10 ? Math.round(p).toString() : (Math.round(p * 10) / 10).toString()} %`;
}

export function fmtRange(ci: readonly [number, number]): string {
  const lo = fmtLevel(ci[0]);
  const hi = fmtLevel(ci[1]);
  return lo === hi ? lo : `${lo}–${hi}`;
}
