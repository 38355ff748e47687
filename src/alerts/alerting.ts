/**
 * Alerting rules from measured capacity. Each alert is a spec whose annotations are written
 * once through a `Fmt` (annotations.ts): as Go templates for the rule file, as rendered text
 * for the `promtool test rules` file. An alert whose inputs are unknown is skipped, with why.
 */
import { num, pct, runbook, runsNote, type Fmt } from './annotations.js';
import { promDuration, serviceQueries } from './promql.js';
import { latencyAboveModel } from './latency.js';
import { RECORD, recorded } from './recording.js';
import type { AlertOptions, Capacity, RecordingRule, Skipped } from './types.js';

export type AlertSpec = {
  alert: string;
  expr: string;
  forMs: number;
  labels: Record<string, string>;
  annotate: (f: Fmt) => Record<string, string>;
};

const MINUTE = 60_000;

export type Context = {
  o: AlertOptions;
  c: Capacity;
  has: (record: string) => boolean;
  ref: (record: string) => string;
};

/** PoolNearExhaustion on one signal: its ratio to capacity (a recording rule) above --warn-at. */
function nearOn(
  { o, ref }: Context,
  record: string,
  signal: 'rate' | 'inflight',
  annotate: AlertSpec['annotate'],
): AlertSpec {
  return {
    alert: 'PoolNearExhaustion',
    forMs: o.forMs ?? 2 * MINUTE,
    expr: `${ref(record)} * 100 > ${pct(o.warnAt)}`,
    labels: { severity: 'warning', capplan_service: o.service, signal },
    annotate,
  };
}

function nearExhaustion(context: Context): AlertSpec[] {
  const { o, c, has } = context;
  const specs: AlertSpec[] = [];
  if (has(RECORD.rateRatio) && c.rate !== null) {
    const cap = c.rate;
    specs.push(
      nearOn(context, RECORD.rateRatio, 'rate', (f) => ({
        summary: `${o.service}: request rate at ${f.value()}% of measured capacity`,
        description:
          `Measured capacity ${num(cap)} req/s (${runsNote(c)}); this fires above ${pct(o.warnAt)}% ` +
          `= ${num(cap * o.warnAt)} req/s. Current rate ${f.rate()} req/s. ` +
          'Past capacity, requests queue for a connection.',
      })),
    );
  }
  if (has(RECORD.inflightRatio) && c.knee !== null) {
    const knee = c.knee;
    specs.push(
      nearOn(context, RECORD.inflightRatio, 'inflight', (f) => ({
        summary: `${o.service}: requests in flight at ${f.value()}% of the measured knee`,
        description:
          `The knee is at ${knee} concurrent requests (${runsNote(c)}); this fires above ${pct(o.warnAt)}% ` +
          `= ${num(knee * o.warnAt)}. Current rate ${f.rate()} req/s.`,
      })),
    );
  }
  return specs;
}

function poolExhausted({ o, c, has, ref }: Context): AlertSpec[] {
  const parts = [
    has(RECORD.waiting) ? `${ref(RECORD.waiting)} > 0` : '',
    has(RECORD.inUseRatio) ? `${ref(RECORD.inUseRatio)} >= 1` : '',
  ];
  const expr = parts.filter((p) => p !== '').join(' or ');
  if (expr === '') return [];
  return [
    {
      alert: 'PoolExhausted',
      expr,
      forMs: o.forMs ?? MINUTE,
      labels: { severity: 'critical', capplan_service: o.service },
      annotate: (f) => ({
        summary: `${o.service}: database connection pool exhausted (requests wait for a connection)`,
        description: 'Requests wait for a database connection (pool waiters > 0, or every connection in use).',
        runbook: runbook(f, c),
      }),
    },
  ];
}

function acquireTimeouts({ o, c }: Context): AlertSpec[] {
  const q = serviceQueries(o.metrics, o.selector, o.rateWindowMs).timeouts;
  if (q === undefined) return [];
  return [
    {
      alert: 'PoolAcquireTimeouts',
      expr: `${q} > 0`,
      forMs: o.forMs ?? MINUTE,
      labels: { severity: 'critical', capplan_service: o.service },
      annotate: (f) => ({
        summary: `${o.service}: ${f.value()} connection acquire timeouts in the last ${promDuration(o.rateWindowMs)}`,
        description: `Requests fail waiting for a database connection. ${runbook(f, c)}`,
      }),
    },
  ];
}

export const ALERT_NAMES = [
  'PoolNearExhaustion',
  'PoolExhausted',
  'PoolAcquireTimeouts',
  'LatencyAboveCapacityModel',
] as const;

const WHY_SKIPPED: Record<(typeof ALERT_NAMES)[number], string> = {
  PoolNearExhaustion:
    `needs ${RECORD.rateRatio} (requests metric + measured capacity) ` +
    `or ${RECORD.inflightRatio} (inflight metric + knee)`,
  PoolExhausted: 'needs the pool_waiting metric, or pool_in_use and pool_max',
  PoolAcquireTimeouts: 'needs the acquire_timeouts metric',
  LatencyAboveCapacityModel:
    'needs the latency_bucket and requests metrics, a measured capacity ' +
    'and a clean step below --warn-at to model p99',
};

/** Recording rules each alert reads: their skip reasons say why the alert is missing. */
const DEPENDS: Record<(typeof ALERT_NAMES)[number], string[]> = {
  PoolNearExhaustion: [RECORD.rateRatio, RECORD.inflightRatio],
  PoolExhausted: [RECORD.waiting, RECORD.inUseRatio],
  PoolAcquireTimeouts: [],
  LatencyAboveCapacityModel: [RECORD.p99, RECORD.rateRatio],
};

export function alertSpecs(
  options: AlertOptions,
  capacity: Capacity,
  recordings: readonly RecordingRule[],
  recordingSkips: readonly Skipped[],
): { specs: AlertSpec[]; skipped: Skipped[] } {
  const names = new Set(recordings.map((r) => r.record));
  const ctx: Context = { o: options, c: capacity, has: (r) => names.has(r), ref: (r) => recorded(r, options.service) };
  const specs: AlertSpec[] = [];
  const skipped: Skipped[] = [];
  const builders = [nearExhaustion, poolExhausted, acquireTimeouts, latencyAboveModel];
  ALERT_NAMES.forEach((name, i) => {
    const built = builders[i]!(ctx);
    const causes = recordingSkips.filter((s) => DEPENDS[name].includes(s.rule)).map((s) => `${s.rule}: ${s.why}`);
    if (built.length === 0) skipped.push({ rule: name, why: [WHY_SKIPPED[name], ...causes].join('; ') });
    specs.push(...built);
  });
  return { specs, skipped };
}
