/**
 * Three moments of the service, taken from the run itself, for the `promtool test rules` file:
 * its calm load (a step below the warning fraction of capacity: no alert), its load past the
 * knee (the busiest step: the pool alerts fire), and a slowdown at calm traffic (the pool
 * exhausted without a surge: the runbook says "not a DDoS"). Values are whole numbers where
 * Prometheus's arithmetic must reproduce them exactly.
 */
import type { RunRecord, StepRecord } from '../record/types.js';
import type { AlertOptions, Capacity } from './types.js';

export type Moment = {
  name: string;
  /** Requests per second (whole). */
  rate: number;
  inflight: number;
  inUse: number;
  poolMax: number;
  waiting: number;
  /** Acquire timeouts per second (whole, may be 0). */
  timeoutsPerSec: number;
  /** Where the latency histogram puts every request: above or below the model's limit. */
  slow: boolean;
};

const calmSteps = (record: RunRecord, capacity: Capacity, warnAt: number): StepRecord[] =>
  record.steps.filter(
    (s) =>
      s.stable &&
      !s.generatorSaturated &&
      s.errorRate <= 0.01 &&
      (capacity.rate === null || s.throughputPerSec <= capacity.rate * warnAt * 0.95),
  );

const busiest = (steps: readonly StepRecord[]): StepRecord | undefined =>
  steps.reduce<StepRecord | undefined>(
    (best, s) => (best === undefined || s.throughputPerSec > best.throughputPerSec ? s : best),
    undefined,
  );

export function moments(record: RunRecord, capacity: Capacity, options: AlertOptions): Moment[] {
  const pool = Math.max(2, Math.round(capacity.poolSize ?? capacity.knee ?? 10));
  const calm = busiest(calmSteps(record, capacity, options.warnAt)) ?? record.steps[0];
  // The highest level past the knee: the deepest exhaustion the run measured.
  const past = record.steps.filter((s) => capacity.knee === null || s.level > capacity.knee);
  const hot =
    past.reduce<StepRecord | undefined>((top, s) => (top === undefined || s.level > top.level ? s : top), undefined) ??
    busiest(record.steps);
  const calmRate = Math.max(1, Math.floor(calm?.throughputPerSec ?? 1));
  const calmInflight = Math.min(pool - 1, Math.max(1, Math.round(calm?.inFlight ?? 1)));
  const hotRate = Math.max(calmRate + 1, Math.ceil(Math.max(hot?.throughputPerSec ?? 0, capacity.rate ?? 0)));
  const hotInflight = Math.max(pool + 1, Math.round(hot?.inFlight ?? pool + 1));
  const hotTimeouts = Math.round((hot?.errorRate ?? 0) * (hot?.throughputPerSec ?? 0));
  return [
    {
      name: `calm load (${calm?.label ?? 'first step'} of ${record.scenario.name})`,
      rate: calmRate,
      inflight: calmInflight,
      inUse: calmInflight,
      poolMax: pool,
      waiting: 0,
      timeoutsPerSec: 0,
      slow: false,
    },
    {
      name: `past the knee (${hot?.label ?? 'capacity'} of ${record.scenario.name})`,
      rate: hotRate,
      inflight: hotInflight,
      inUse: pool,
      poolMax: pool,
      waiting: hotInflight - pool,
      timeoutsPerSec: hotTimeouts,
      slow: true,
    },
    {
      name: `slowdown at calm traffic (${calm?.label ?? 'first step'} rate, pool exhausted)`,
      rate: calmRate,
      inflight: pool + 1,
      inUse: pool,
      poolMax: pool,
      waiting: 1,
      timeoutsPerSec: 1,
      slow: true,
    },
  ];
}
