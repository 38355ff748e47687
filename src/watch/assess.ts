/**
 * `capplan watch`'s judgement, pure: the service's live numbers against its measured
 * capacity. The point is the distinction the outage lacked: a pool exhausted while traffic
 * is below capacity is a slowdown (not a surge, not a DDoS); traffic above capacity is a surge.
 */

export type WatchState = 'ok' | 'near capacity' | 'pool exhausted' | 'surge above capacity';

/** Live values; undefined when the metric is unknown or has no data. */
export type Reading = {
  rate?: number | undefined;
  inflight?: number | undefined;
  waiting?: number | undefined;
  inUseRatio?: number | undefined;
  timeouts?: number | undefined;
  p99Ms?: number | undefined;
};

export type WatchLimits = {
  /** Measured capacity, req/s, and knee (concurrency); null when not measured. */
  rate: number | null;
  knee: number | null;
  warnAt: number;
  /** p99 above this at a rate below warnAt x capacity is a slowdown; null without a model. */
  p99LimitMs: number | null;
};

export type Assessment = { state: WatchState; why: string };

const known = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

export function assess(r: Reading, l: WatchLimits): Assessment {
  const rateRatio = known(r.rate) && l.rate !== null ? r.rate / l.rate : undefined;
  if (rateRatio !== undefined && rateRatio >= 1)
    return { state: 'surge above capacity', why: 'traffic above the measured capacity' };
  const pool: string[] = [];
  if (known(r.waiting) && r.waiting > 0) pool.push('requests wait for a connection');
  if (known(r.inUseRatio) && r.inUseRatio >= 1) pool.push('every connection in use');
  if (known(r.timeouts) && r.timeouts > 0) pool.push('acquire timeouts');
  if (pool.length > 0) {
    const traffic = rateRatio === undefined ? 'traffic unknown' : 'traffic below capacity: a slowdown, not a surge';
    return { state: 'pool exhausted', why: `${pool.join(', ')}; ${traffic}` };
  }
  const near: string[] = [];
  if (rateRatio !== undefined && rateRatio >= l.warnAt)
    near.push(`rate above ${Math.round(l.warnAt * 100)}% of capacity`);
  if (known(r.inflight) && l.knee !== null && r.inflight >= l.warnAt * l.knee)
    near.push(`in-flight above ${Math.round(l.warnAt * 100)}% of the knee`);
  if (known(r.p99Ms) && l.p99LimitMs !== null && r.p99Ms > l.p99LimitMs) near.push('p99 above the capacity model');
  if (near.length > 0) return { state: 'near capacity', why: near.join(', ') };
  return { state: 'ok', why: 'within measured capacity' };
}

const n0 = (x: number | undefined): string => (known(x) ? String(Math.round(x)) : 'n/a');

/** One line per interval: time, state, the numbers and why. */
export function watchLine(at: Date, r: Reading, l: WatchLimits, a: Assessment): string {
  const rate = `rate ${n0(r.rate)}/${l.rate === null ? 'n/a' : Math.round(l.rate)} req/s`;
  const inflight = `in-flight ${n0(r.inflight)}/${l.knee === null ? 'n/a' : Math.round(l.knee)}`;
  const inUse = known(r.inUseRatio) ? `${Math.round(r.inUseRatio * 100)}%` : 'n/a';
  const parts = [
    rate,
    inflight,
    `pool ${inUse} in use, ${n0(r.waiting)} waiting`,
    `acquire timeouts ${n0(r.timeouts)}`,
    `p99 ${n0(r.p99Ms)} ms`,
  ];
  return `${at.toISOString().slice(11, 19)}  ${a.state.padEnd(20)}  ${parts.join(' · ')}  (${a.why})`;
}
