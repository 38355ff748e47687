/**
 * Server-Timing evidence (ANALYSIS.md §9.1, rows 3 and 6), from ok responses only: pool wait
 * ≈ 0 below the knee and growing ≈ (N − knee)/Xmax past it points at a connection pool; a
 * hold (`db`) time that grows with load while the wait stays ≈ 0 points downstream; a wait
 * that stays ≈ 0 while latency grows points away from the pool.
 */
import { sentenceMs } from '../../format.js';
import { maxOf, medianOf } from '../../stats/index.js';
import type { StepSummary } from '../types.js';
import { below, past, type Frame } from './frame.js';
import { NO_CLUES, RANK, slopeWithSe, stepName, type Clue, type Clues, type Doubt } from './clue.js';

const waitOf = (s: StepSummary): number => s.serverTiming?.waitMs ?? 0;
const holdOf = (s: StepSummary): number => s.serverTiming?.holdMs ?? 0;

/** A wait this small is "≈ 0": 1 ms or 5 % of R0. */
function negligibleMs(fr: Frame): number {
  return Math.max(1, 0.05 * (fr.r0Ms ?? 0));
}

function waitClue(fr: Frame, timedBelow: StepSummary[], timedPast: StepSummary[]): Clue | null {
  const r0 = fr.r0Ms ?? 0;
  const calmBelow = timedBelow.length === 0 || medianOf(timedBelow.map(waitOf)) <= Math.max(negligibleMs(fr), 0.1 * r0);
  if (!calmBelow || timedPast.length === 0) return null;
  const first = timedPast[0] as StepSummary;
  const line =
    fr.model === 'closed' && timedPast.length >= 2 && fr.xmax !== null
      ? (slopeWithSe(
          timedPast.map((s) => s.x),
          timedPast.map(waitOf),
        ) ?? null)
      : null;
  const expected = fr.xmax !== null && fr.xmax > 0 ? 1000 / fr.xmax : null;
  if (line !== null && expected !== null && Math.abs(line.slope / expected - 1) <= 0.3) {
    return {
      resource: 'connection-pool',
      rank: RANK.wait,
      source: 'Server-Timing',
      at: first.x,
      text:
        `Server-Timing pool wait ≈ 0 below the knee, then grows ${line.slope.toFixed(2)} ms per extra request ` +
        `(1/Xmax = ${expected.toFixed(2)} ms): requests queue for a connection`,
    };
  }
  const wait = medianOf(timedPast.map(waitOf));
  if (wait > 0.2 * r0 && wait > negligibleMs(fr)) {
    return {
      resource: 'connection-pool',
      rank: RANK.wait,
      source: 'Server-Timing',
      at: first.x,
      text: `Server-Timing pool wait ≈ 0 below the knee, ${sentenceMs(wait)} past it (from ${stepName(first)})`,
    };
  }
  return null;
}

function downstreamClue(fr: Frame, timed: StepSummary[]): Clue | null {
  const held = timed.filter((s) => holdOf(s) > 0);
  const line = slopeWithSe(
    held.map((s) => s.x),
    held.map(holdOf),
  );
  if (line === null || !(line.slope - 1.96 * line.se > 0)) return null;
  const lo = holdOf(held[0] as StepSummary);
  const hi = holdOf(held.at(-1) as StepSummary);
  const calm = medianOf(held.map(waitOf)) <= Math.max(negligibleMs(fr), 0.2 * (fr.r0Ms ?? 0));
  if (!(hi >= 1.3 * lo) || !calm) return null;
  return {
    resource: 'downstream',
    rank: RANK.downstream,
    source: 'Server-Timing',
    at: (held.at(-1) as StepSummary).x,
    text:
      `Server-Timing db (hold) time grows with load, ${sentenceMs(lo)} → ${sentenceMs(hi)}, ` +
      'while pool wait stays ≈ 0: ' +
      'the service waits longer on something downstream',
  };
}

function quietWaitDoubt(fr: Frame, timedPast: StepSummary[]): Doubt | null {
  const r0 = fr.r0Ms ?? 0;
  if (timedPast.length === 0 || !(r0 > 0)) return null;
  const wait = medianOf(timedPast.map(waitOf));
  const growth = maxOf(timedPast.map((s) => s.meanOkLatencyMs)) / r0;
  if (wait > negligibleMs(fr) || growth < 1.5) return null;
  return {
    against: 'connection-pool',
    source: 'Server-Timing',
    text:
      `Server-Timing pool wait stays ≈ 0 (${sentenceMs(wait)}) while latency grows ` +
      `${growth.toFixed(1)}× past the knee`,
  };
}

export function timingClues(fr: Frame): Clues {
  const timedBelow = below(fr).filter((s) => s.serverTiming !== null && s.ok > 0);
  const timedPast = past(fr).filter((s) => s.serverTiming !== null && s.ok > 0);
  if (timedBelow.length + timedPast.length === 0) return NO_CLUES;
  const clues = [waitClue(fr, timedBelow, timedPast), downstreamClue(fr, [...timedBelow, ...timedPast])].filter(
    (c): c is Clue => c !== null,
  );
  const doubt = clues.length === 0 ? quietWaitDoubt(fr, timedPast) : null;
  return { clues, doubts: doubt === null ? [] : [doubt] };
}
