/**
 * The one-line messages of the gate, with the numbers a reviewer needs:
 *   "max goodput fell 30% (400 → 280 req/s), beyond the noise of these runs (±3%)"
 * Pure string building; the verdict carries them so every renderer says the same thing.
 */
import type { LogRuleResult } from './rule.js';

/** A percentage from a fraction, without sign: 0.296 -> "30%", 0.034 -> "3.4%". */
export function formatPct(fraction: number): string {
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

/** "400 → 280 req/s" */
export function formatTransition(before: number, after: number, unit: string): string {
  const suffix = unit === 'concurrency' ? '' : ` ${unit}`;
  const prefix = unit === 'concurrency' ? 'c=' : '';
  return `${prefix}${formatValue(before)} → ${prefix}${formatValue(after)}${suffix}`;
}

/** The message of a log-rule metric ("max goodput", "knee"). */
export function logRuleMessage(name: string, unit: string, r: LogRuleResult, gated: boolean): string {
  const moved = r.change < 0 ? 'fell' : 'rose';
  const head = Math.abs(r.change) < 0.0005
    ? `${name} unchanged (${formatTransition(r.baselineMean, r.candidateMean, unit)})`
    : `${name} ${moved} ${formatPct(r.change)} (${formatTransition(r.baselineMean, r.candidateMean, unit)})`;
  const noise = `±${formatPct(r.noise)}`;
  switch (r.reason) {
    case 'regression':
      return `${head}, beyond the noise of these runs (${noise})${gated ? '' : ' (warn-only; --gate-knee makes it fail)'}`;
    case 'large-but-noisy':
      return `${head}, more than the ${formatPct(r.margin)} margin but not significant given the noise (${noise}): rerun or add candidate runs`;
    case 'small-but-real':
      return `${head}: a real change but within the ${formatPct(r.margin)} margin (noise ${noise})`;
    case 'improved':
      return `${head}: improved`;
    case 'within-noise':
      return `${head}, within the noise of these runs (${noise}) and the ${formatPct(r.margin)} margin`;
  }
}
