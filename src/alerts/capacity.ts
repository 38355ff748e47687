/**
 * The capacity a set of runs measured, as thresholds for alerts. A number is used only when
 * the run measured it: a censored knee ("not reached") or an inconclusive run leaves it out,
 * with the reason, and the rules that need it are skipped. Several runs: the lowest capacity
 * among them (alerts fire early rather than late).
 */
import type { RunRecord } from '../record/types.js';
import { maxOf, minOf } from '../stats/index.js';
import type { Capacity, RunCapacity } from './types.js';

/** Steps whose p99 says what latency the service shows below the warning load. */
function modelP99Ms(record: RunRecord, rate: number, warnAt: number): number | null {
  const calm = record.steps.filter(
    (s) =>
      s.stable &&
      !s.generatorSaturated &&
      s.errorRate <= 0.01 &&
      s.latencyMs.count > 0 &&
      s.throughputPerSec <= rate * warnAt,
  );
  if (calm.length === 0) return null;
  return maxOf(calm.map((s) => s.latencyMs.p99));
}

export function capacityOfRun(record: RunRecord, file: string, warnAt: number): RunCapacity {
  const a = record.analysis;
  const missing: string[] = [];
  const label = `${record.scenario.name} (${file})`;
  let rate: number | null = null;
  if (a.maxThroughputPerSec === null) missing.push(`${label}: no max throughput measured (verdict ${a.verdict})`);
  else if (a.maxThroughputPerSec.censored === true || a.verdict === 'not-reached') {
    missing.push(
      `${label}: capacity not reached (above ${Math.round(a.maxThroughputPerSec.value)} req/s, verdict ${a.verdict})`,
    );
  } else rate = a.maxThroughputPerSec.value;
  let knee: number | null = null;
  if (a.knee === null) missing.push(`${label}: no knee (verdict ${a.verdict})`);
  else if (a.knee.censored !== null)
    missing.push(`${label}: knee censored ${a.knee.censored} ${a.knee.concurrency} (verdict ${a.verdict})`);
  else if (record.model !== 'closed')
    missing.push(`${label}: the knee of an open-model run is a rate, not a concurrency`);
  else knee = a.knee.concurrency;
  const p99Ms = rate === null ? null : modelP99Ms(record, rate, warnAt);
  if (rate !== null && p99Ms === null)
    missing.push(`${label}: no clean step below ${Math.round(warnAt * 100)}% of capacity to model p99`);
  return {
    name: record.scenario.name,
    file,
    startedAt: record.startedAt,
    verdict: a.verdict,
    rate,
    knee,
    p99Ms,
    poolSize: a.poolEstimate?.size ?? null,
    missing,
  };
}

const lowest = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : minOf(known);
};

/** The lowest capacity among the runs; a number missing from every run stays null. */
export function capacityOf(records: readonly { record: RunRecord; file: string }[], warnAt: number): Capacity {
  const runs = records.map(({ record, file }) => capacityOfRun(record, file, warnAt));
  return {
    runs,
    rate: lowest(runs.map((r) => r.rate)),
    knee: lowest(runs.map((r) => r.knee)),
    p99Ms: lowest(runs.map((r) => r.p99Ms)),
    poolSize: lowest(runs.map((r) => r.poolSize)),
    missing: runs.flatMap((r) => r.missing),
  };
}
