/**
 * Error evidence (ANALYSIS.md §9.1, rows 4 and 7): the exhaustion messages of known pools
 * (each message classified on its own, ≥ 50 % of the failing steps' errors in pool classes)
 * point at a connection pool; fast 429/503 without pool text while goodput stays flat point
 * at admission control (a limiter or load shedder).
 */
import { poolMessageShare } from '../error-classes.js';
import { sentenceMs, sentencePercent, sentenceRate } from '../../format.js';
import { poolMessageOf } from '../pool-messages.js';
import { ERROR_CLASSES, type ErrorClass, type StepSummary } from '../types.js';
import type { Frame } from './frame.js';
import { NO_CLUES, RANK, joinClues, stepName, type Clue, type Clues } from './clue.js';

const FAILING = 0.01;

function failing(fr: Frame): StepSummary[] {
  return fr.steps.filter((s) => s.errorFraction >= FAILING && s.errorCount > 0);
}

function classTotals(steps: readonly StepSummary[]): Record<ErrorClass, number> {
  const out = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
  for (const s of steps) for (const c of ERROR_CLASSES) out[c] += s.errorsByClass[c];
  return out;
}

/** "pool-acquire-timeout 1204, http-503 20": counts by class, largest first. */
export function byClassText(counts: Readonly<Record<ErrorClass, number>>): string {
  return ERROR_CLASSES.filter((c) => counts[c] >= 0.5)
    .sort((p, q) => counts[q] - counts[p])
    .map((c) => `${c} ${Math.round(counts[c])}`)
    .join(', ');
}

function quotePools(steps: readonly StepSummary[]): string {
  const named = new Map<string, string>();
  for (const s of steps) {
    for (const sample of s.errorSamples) {
      const m = poolMessageOf(sample);
      if (m === null || named.has(m.pool)) continue;
      const text = sample.replace(/^[a-z0-9-]+:\s*/, '');
      named.set(m.pool, text.length > 70 ? `${text.slice(0, 70)}…` : text);
    }
  }
  return [...named]
    .slice(0, 2)
    .map(([pool, text]) => `${pool} "${text}"`)
    .join('; ');
}

function messageClue(steps: StepSummary[]): Clue | null {
  const counts = classTotals(steps);
  const share = poolMessageShare(counts);
  if (share < 0.5) return null;
  const first = steps[0] as StepSummary;
  const who = quotePools(steps);
  return {
    resource: 'connection-pool',
    rank: RANK.messages,
    source: 'error messages',
    at: first.x,
    text:
      `${sentencePercent(share)} of the errors from ${stepName(first)} on are pool-exhaustion messages` +
      `${who === '' ? '' : ` (${who})`}; by class: ${byClassText(counts)}`,
  };
}

function admissionClue(fr: Frame, steps: StepSummary[]): Clue | null {
  const counts = classTotals(steps);
  let all = 0;
  for (const c of ERROR_CLASSES) all += counts[c];
  const shed = counts['http-429'] + counts['http-503'];
  if (!(all > 0) || shed / all < 0.5 || poolMessageShare(counts) >= 0.5) return null;
  const r0 = fr.r0Ms;
  const fast = steps.filter((s) => r0 !== null && s.meanErrorLatencyMs < r0);
  if (fast.length * 2 < steps.length) return null;
  const flat = fr.xmax === null || steps.every((s) => s.goodputPerSec >= 0.8 * (fr.xmax as number));
  if (!flat) return null;
  const first = steps[0] as StepSummary;
  const code = counts['http-429'] >= counts['http-503'] ? 'HTTP 429' : 'HTTP 503';
  return {
    resource: 'admission',
    rank: RANK.admission,
    source: 'error responses',
    at: first.x,
    text:
      `fast ${code} from ${stepName(first)} on (errors answered in ${sentenceMs(first.meanErrorLatencyMs)}, ` +
      `R0 ${sentenceMs(r0 ?? 0)}) without pool text, while goodput stays at ` +
      `~${sentenceRate(fr.xmax ?? first.goodputPerSec)} req/s: ` +
      'a rate limiter or load shedder turns the excess away',
  };
}

export function errorClues(fr: Frame): Clues {
  const steps = failing(fr);
  if (steps.length === 0) return NO_CLUES;
  const parts = [messageClue(steps), admissionClue(fr, steps)].filter((c): c is Clue => c !== null);
  return joinClues([{ clues: parts, doubts: [] }]);
}
