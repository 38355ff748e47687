/**
 * LatencyAboveCapacityModel: below the warning fraction of capacity the runs measured a p99;
 * a p99 well above it there is not explained by load (a slowdown, not a surge).
 */
import type { AlertSpec, Context } from './alerting.js';
import { num, pct, runsNote } from './annotations.js';
import { promDuration } from './promql.js';
import { RECORD } from './recording.js';
import type { AlertOptions } from './types.js';

/** p99 above this many ms, at a rate below the warning fraction, is not explained by load. */
export function latencyLimitMs(p99Ms: number, options: Pick<AlertOptions, 'latencyMargin' | 'latencyBuckets'>): number {
  const raw = p99Ms * (1 + options.latencyMargin);
  const bound = options.latencyBuckets.find((b) => b * 1000 >= raw);
  return bound === undefined ? Math.ceil(raw) : Math.round(bound * 1e6) / 1000;
}

export function latencyAboveModel({ o, c, has, ref }: Context): AlertSpec[] {
  if (!has(RECORD.p99) || !has(RECORD.rateRatio) || c.rate === null || c.p99Ms === null) return [];
  const limitMs = latencyLimitMs(c.p99Ms, o);
  const p99 = c.p99Ms;
  const rate = c.rate;
  return [
    {
      alert: 'LatencyAboveCapacityModel',
      // Calm over the whole window the p99 covers: right after a surge, the backlog it left
      // finishes slowly while the rate has already dropped; that is load, not a slowdown.
      expr:
        `${ref(RECORD.p99)} * 1000 > ${limitMs} and ` +
        `max_over_time(${ref(RECORD.rateRatio)}[${promDuration(o.rateWindowMs)}]) < ${o.warnAt}`,
      // At a surge's start p99 rises before the rate window shows the surge: wait at least two
      // rate windows, so a surge is recognised as load before this fires.
      forMs: Math.max(o.forMs ?? 5 * 60_000, 2 * o.rateWindowMs),
      labels: { severity: 'warning', capplan_service: o.service },
      annotate: (f) => ({
        summary: `${o.service}: p99 ${f.value()} ms above the capacity model (${limitMs} ms) at normal traffic`,
        description:
          `Below ${pct(o.warnAt)}% of capacity (${num(rate * o.warnAt)} req/s) ${runsNote(c)} measured p99 at most ` +
          `${Math.round(p99)} ms; the current rate ${f.rate()} req/s predicts no queueing, so this is a slowdown ` +
          '(slow queries, a slow dependency), not load.',
      }),
    },
  ];
}
