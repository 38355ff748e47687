/**
 * The one-line messages of the gate, with the numbers a reviewer needs:
 *   "max goodput fell 30% (400 → 280 req/s), beyond the noise of these runs (±3%)"
 * Pure string building; the verdict carries them so every renderer says the same thing.
 */
import { changePercent, formatValue } from '../format.js';
import type { LogRuleResult } from './rule.js';

/** "400 → 280 req/s" */
export function formatTransition(before: number, after: number, unit: string): string {
  const suffix = unit === 'concurrency' ? '' : ` ${unit}`;
  const prefix = unit === 'concurrency' ? 'c=' : '';
  return `${prefix}${formatValue(before)} → ${prefix}${formatValue(after)}${suffix}`;
}

/** The message of a log-rule metric ("max goodput", "knee"). */
export function logRuleMessage(name: string, unit: string, r: LogRuleResult, gated: boolean): string {
  const moved = r.change < 0 ? 'fell' : 'rose';
  const head =
    Math.abs(r.change) < 0.0005
      ? `${name} unchanged (${formatTransition(r.baselineMean, r.candidateMean, unit)})`
      : `${name} ${moved} ${changePercent(r.change)} (${formatTransition(r.baselineMean, r.candidateMean, unit)})`;
  const noise = `±${changePercent(r.noise)}`;
  switch (r.reason) {
    case 'regression':
      return (
        `${head}, beyond the noise of these runs ` +
        `(${noise})${gated ? '' : ' (warn-only; --gate-knee makes it fail)'}`
      );
    case 'large-but-noisy':
      return (
        `${head}, more than the ${changePercent(r.margin)} margin but not ` +
        `significant given the noise (${noise}): rerun or add candidate runs`
      );
    case 'small-but-real':
      return `${head}: a real change but within the ${changePercent(r.margin)} margin (noise ${noise})`;
    case 'improved':
      return `${head}: improved`;
    case 'within-noise':
      return `${head}, within the noise of these runs (${noise}) and the ${changePercent(r.margin)} margin`;
  }
}
