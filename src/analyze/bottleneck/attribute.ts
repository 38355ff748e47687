/**
 * Attributing the limit (ANALYSIS.md §9.1): the client sees the same signature for every
 * bounded resource, so only server-side evidence names it. The strongest clue decides the
 * resource; its companions are the evidence, clues for other resources and doubts are the
 * evidence against (conflicting evidence lowers the confidence one grade); with no clue the
 * resource is 'unknown' and `settle` names the cheapest probe that would decide.
 */
import type { Bottleneck, ProbeSeries, WindowRecord } from '../../record/types.js';
import type { Findings } from '../findings.js';
import { sentenceLevel, sentenceRate } from '../../format.js';
import { errorClues } from './error-clues.js';
import { failureCause } from './failure.js';
import { frameOf, type Frame } from './frame.js';
import { joinClues, type Clue } from './clue.js';
import { probeClues } from './probe-clues.js';
import { timingClues } from './timing-clues.js';

export type Attribution = {
  bottleneck: Bottleneck;
  /** Evidence points at more than one resource. */
  conflicting: boolean;
  /** Pool size read directly (pg_stat_activity), when the evidence names one. */
  poolSize: { size: number; ci95: [number, number] } | null;
};

function hasMetric(probes: readonly ProbeSeries[], test: RegExp): boolean {
  return probes.some((p) => p.series.some((s) => Object.keys(s.values).some((k) => test.test(k))));
}

/** The one probe or header that would settle an unknown resource. */
export function settleFor(fr: Frame, probes: readonly ProbeSeries[]): string {
  const timed = fr.steps.some((s) => s.serverTiming !== null);
  const header = timed ? '' : ', or send `Server-Timing: pool;dur=<wait>, db;dur=<hold>` from the service';
  if (!probes.some((p) => p.kind === 'postgres') && !probes.some((p) => p.kind === 'prometheus')) {
    return (
      'add a `postgres` probe (pg_stat_activity) if the service uses PostgreSQL, or a Prometheus probe of the ' +
      `service's /metrics with its pool gauges (in use, waiting) and process_cpu_seconds_total${header}`
    );
  }
  if (!hasMetric(probes, /process_cpu_seconds_total/)) {
    return (
      `export process_cpu_seconds_total (the default metrics of the Prometheus clients) and the pool's gauges ` +
      `(in use, waiting) on the probed /metrics${header}`
    );
  }
  return `export the pool's gauges (in use, waiting) on the probed /metrics, or add a \`postgres\` probe${header}`;
}

function unknownEvidence(f: Findings, fr: Frame): Bottleneck['evidence'] {
  const q = f.queueing;
  if (f.model !== 'closed' || q === null || !q.confirmed || fr.xmax === null) return [];
  return [
    {
      source: 'latency',
      at: fr.knee,
      text:
        `throughput flat at ${sentenceRate(fr.xmax)} req/s and latency = N/X past the knee: the limit ` +
        `behaves like a bounded pool of ≈ ${sentenceLevel(fr.knee)} (a connection pool, worker threads or CPU ` +
        'look alike from outside)',
    },
  ];
}

export function attribute(
  f: Findings,
  probes: readonly ProbeSeries[] | undefined,
  windows: readonly WindowRecord[],
): Attribution | null {
  const fr = frameOf(f, probes, windows);
  if (fr === null) return null;
  const { clues, doubts } = joinClues([probeClues(fr), timingClues(fr), errorClues(fr)]);
  const sorted = [...clues].sort((p, q) => p.rank - q.rank);
  const top = sorted[0];
  const resource = top?.resource ?? 'unknown';
  const mine = sorted.filter((c) => c.resource === resource);
  const others = sorted.filter((c) => c.resource !== resource);
  const against = [
    ...others.map((c) => ({ source: c.source, text: `${c.resource}: ${c.text}` })),
    ...doubts
      .filter((d) => d.against === resource || resource === 'unknown')
      .map((d) => ({ source: d.source, text: d.text })),
  ];
  const evidence =
    top === undefined ? unknownEvidence(f, fr) : mine.map((c: Clue) => ({ source: c.source, at: c.at, text: c.text }));
  const sized = mine.find((c) => c.poolSize !== undefined)?.poolSize ?? null;
  const bottleneck: Bottleneck = {
    limit: f.knee?.censored === null || f.stages?.knee != null ? fr.knee : null,
    resource,
    evidence,
    against,
    settle: resource === 'unknown' ? settleFor(fr, probes ?? []) : null,
    failure: failureCause(f, fr),
  };
  const poolSize = resource === 'connection-pool' ? sized : null;
  return { bottleneck, conflicting: top !== undefined && against.length > 0, poolSize };
}
