/**
 * Server-side evidence from probes (ANALYSIS.md §9.1, rows 1, 2 and 5): a pool's own gauges
 * (waiters > 0, or in-use = max, first at the knee ±1 level), PostgreSQL active connections
 * that rise below the knee and stop at a constant C ≥ 2 past it (the pool size), and a CPU
 * rate (`process_cpu_seconds_total`) flat at a whole number of cores past the knee.
 */
import { sentenceLevel } from '../../format.js';
import { maxOf, medianOf, minOf } from '../../stats/index.js';
import { below, past, seriesOf, type Frame, type ProbeSteps } from './frame.js';
import { NO_CLUES, RANK, joinClues, stepName, type Clue, type Clues } from './clue.js';
import type { StepSummary } from '../types.js';

const WAITING = /(waiting|waiters|pending)(_count)?$/i;
const IN_USE = /(pool|connections).*(in_?use|active|busy)$/i;
const POOL_MAX = /(pool|connections).*(size|max)$/i;

/**
 * A probe's one clue: its resource ran out from `step` on (`say` words it with the step's name,
 * or "the knee" when the step is unknown), placed at that step's level.
 */
function clueFrom(
  head: Pick<Clue, 'resource' | 'rank' | 'source'>,
  step: StepSummary | undefined,
  say: (where: string) => string,
  extra: Pick<Clue, 'poolSize'> = {},
): Clues {
  const text = say(step === undefined ? 'the knee' : stepName(step));
  return { clues: [{ ...head, at: step?.x ?? null, text, ...extra }], doubts: [] };
}

function firstIndex(values: readonly (number | null)[], test: (v: number, i: number) => boolean): number {
  return values.findIndex((v, i) => v !== null && test(v, i));
}

function gaugeClues(fr: Frame, p: ProbeSteps): Clues {
  if (p.kind !== 'prometheus') return NO_CLUES;
  const waiting = seriesOf(p, (n) => WAITING.test(n));
  const inUse = seriesOf(p, (n) => IN_USE.test(n));
  const max = seriesOf(p, (n) => POOL_MAX.test(n));
  if (waiting === null && (inUse === null || max === null)) return NO_CLUES;
  const w = waiting === null ? -1 : firstIndex(waiting, (v) => v > 0);
  const full =
    inUse === null || max === null ? -1 : firstIndex(inUse, (v, i) => (max[i] ?? 0) > 0 && v >= (max[i] ?? 0) - 0.5);
  const first = [w, full].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (first !== undefined && Math.abs(first - fr.kneeAt) <= 1) {
    const s = fr.steps[first];
    const what =
      first === w
        ? `pool waiters > 0 (median ${sentenceLevel(waiting?.[first] ?? 0)})`
        : `pool in use = max (${sentenceLevel(inUse?.[first] ?? 0)} of ${sentenceLevel(max?.[first] ?? 0)})`;
    const head = { resource: 'connection-pool', rank: RANK.gauges, source: `probe ${p.name}` } as const;
    return clueFrom(head, s, (where) => `${what} first at ${where}, the knee's level`);
  }
  if (first === undefined && past(fr).length > 0) {
    const text = 'the pool gauges show no waiters and in-use below max past the knee';
    return { clues: [], doubts: [{ against: 'connection-pool', source: `probe ${p.name}`, text }] };
  }
  return NO_CLUES;
}

function postgresClues(fr: Frame, p: ProbeSteps): Clues {
  if (p.kind !== 'postgres') return NO_CLUES;
  const active = seriesOf(p, (n) => n === 'connections_active');
  if (active === null) return NO_CLUES;
  const after = active.slice(fr.kneeAt).filter((v): v is number => v !== null);
  const before = active.slice(0, fr.kneeAt).filter((v): v is number => v !== null);
  if (after.length < 2) return NO_CLUES;
  // Each step's value is a median of a few scrapes, and a scrape can land while a pooled connection is between two
  // queries: one step past the knee may read a connection or two low. So "flat" asks most steps (2 of 3) to sit
  // within ±1 of the median and none of the last to climb above it, and "rising" compares the last step with the
  // knee's, not two neighbours, so that a dip followed by the plateau is not read as a climb.
  const c = Math.round(medianOf(after));
  const near = after.filter((v) => Math.abs(v - c) <= 1);
  const last = after.at(-1) ?? 0;
  const flat = c >= 2 && near.length * 3 >= after.length * 2 && last <= c + 1;
  const rising = before.length === 0 || minOf(before) < c - 0.5;
  const source = `postgres probe ${p.name}`;
  if (flat && rising) {
    const from = fr.steps[fr.kneeAt];
    const lo = before.length > 0 ? `${sentenceLevel(minOf(before))} → ` : '';
    const head = { resource: 'connection-pool', rank: RANK.postgres, source } as const;
    const say = (where: string): string =>
      `pg_stat_activity: active connections for the database rise with load (${lo}${c}) and stay at ${c} ` +
      `(±1) from ${where} on: a pool of ${c}`;
    return clueFrom(head, from, say, { poolSize: { size: c, ci95: [minOf(near), maxOf(near)] } });
  }
  const first = after[0] ?? 0;
  if (!flat && last > first + Math.max(1.5, 0.2 * first)) {
    const text =
      `pg_stat_activity: active connections keep rising past the knee (${sentenceLevel(first)} → ` +
      `${sentenceLevel(last)}): the database connections are not what ran out`;
    return { clues: [], doubts: [{ against: 'connection-pool', source, text }] };
  }
  return NO_CLUES;
}

function cpuClues(fr: Frame, p: ProbeSteps): Clues {
  const cpu = seriesOf(p, (n) => n === 'process_cpu_seconds_total');
  if (cpu === null) return NO_CLUES;
  const after = cpu.slice(fr.kneeAt).filter((v): v is number => v !== null);
  const before = below(fr)
    .map((_, i) => cpu[i])
    .filter((v): v is number => v !== null && v !== undefined);
  if (after.length === 0) return NO_CLUES;
  // The median, and "flat" for most steps rather than all: a CPU-bound single-threaded service
  // answers its own /metrics late, so one step's scrapes can read low without the CPU being free.
  const mean = medianOf(after);
  const cores = Math.round(mean);
  const whole = cores >= 1 && Math.abs(mean - cores) <= 0.15 * cores;
  const flat = after.filter((v) => Math.abs(v - mean) <= 0.15 * mean).length * 3 >= after.length * 2;
  const rising = before.length === 0 || minOf(before) < 0.8 * mean;
  const source = `probe ${p.name}`;
  if (whole && flat && rising) {
    const from = fr.steps[fr.kneeAt];
    const say = (where: string): string =>
      `process_cpu_seconds_total rises with load and stays at ${mean.toFixed(2)} cores (≈ ${cores}) from ` +
      `${where} on: the service uses all the CPU it can`;
    return clueFrom({ resource: 'cpu', rank: RANK.cpu, source }, from, say);
  }
  if (mean < 0.5) {
    const text = `CPU stays at ${mean.toFixed(2)} cores past the knee`;
    return { clues: [], doubts: [{ against: 'cpu', source, text }] };
  }
  return NO_CLUES;
}

export function probeClues(fr: Frame): Clues {
  return joinClues(fr.probes.flatMap((p) => [gaugeClues(fr, p), postgresClues(fr, p), cpuClues(fr, p)]));
}
