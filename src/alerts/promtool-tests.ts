/**
 * The `promtool test rules` file for a rule file: series synthesized from the run's own
 * moments (scenarios.ts), and for each moment which alerts fire once their `for:` has passed
 * (none before), with the exact labels and annotations Prometheus renders.
 */
import { stringify } from 'yaml';
import { maxOf } from '../stats/index.js';
import { concreteFmt } from './annotations.js';
import type { AlertSpec } from './alerting.js';
import { latencyLimitMs } from './latency.js';
import { seriesName } from './labels.js';
import { promDuration } from './promql.js';
import type { Moment } from './scenarios.js';
import type { AlertOptions, Capacity } from './types.js';

type Input = { series: string; values: string };
type Oracle = { fires: boolean; value: number };

/** Latency bucket bounds (ms) around the model's limit: calm requests below it, slow ones above. */
function buckets(limitMs: number): number[] {
  return [Math.ceil(limitMs / 2), Math.floor(limitMs * 0.9), limitMs, limitMs * 2];
}

/** What histogram_quantile(0.99) gives when every request falls in the bucket (lo, hi] (s). */
const p99Of = (lo: number, hi: number): number =>
  (Number(`${lo / 1000}`) + (Number(`${hi / 1000}`) - Number(`${lo / 1000}`)) * 0.99) * 1000;

function inputSeries(m: Moment, o: AlertOptions, limitMs: number | null, stepMs: number, samples: number): Input[] {
  const counter = (perSec: number): string => `0+${(perSec * stepMs) / 1000}x${samples}`;
  const gauge = (v: number): string => `${v}x${samples}`;
  const out: Input[] = [];
  const add = (metric: string | undefined, values: string, extra?: Record<string, string>): void => {
    if (metric !== undefined) out.push({ series: seriesName(metric, o.selector, extra), values });
  };
  add(o.metrics.requests, counter(m.rate));
  add(o.metrics.inflight, gauge(m.inflight));
  add(o.metrics.pool_in_use, gauge(m.inUse));
  add(o.metrics.pool_max, gauge(m.poolMax));
  add(o.metrics.pool_waiting, gauge(m.waiting));
  add(o.metrics.acquire_timeouts, counter(m.timeoutsPerSec));
  if (o.metrics.latency_bucket !== undefined && limitMs !== null) {
    const b = buckets(limitMs);
    const firstFull = m.slow ? 3 : 1;
    b.forEach((le, i) => add(o.metrics.latency_bucket, counter(i >= firstFull ? m.rate : 0), { le: `${le / 1000}` }));
    add(o.metrics.latency_bucket, counter(m.rate), { le: '+Inf' });
  }
  return out;
}

/** Whether each alert fires in a moment, and its `$value`: the expressions' meaning, in numbers. */
function oracle(spec: AlertSpec, m: Moment, o: AlertOptions, c: Capacity, windowMs: number): Oracle {
  const warnPct = Math.round(o.warnAt * 1000) / 10;
  const ratio = c.rate === null ? NaN : m.rate / c.rate;
  if (spec.alert === 'PoolNearExhaustion') {
    const value = spec.labels['signal'] === 'rate' ? ratio * 100 : (m.inflight / (c.knee ?? NaN)) * 100;
    return { fires: value > warnPct, value };
  }
  if (spec.alert === 'PoolExhausted') {
    const byWaiting = spec.expr.includes('pool_waiting') && m.waiting > 0;
    return { fires: byWaiting || (spec.expr.includes('pool_in_use') && m.inUse >= m.poolMax), value: 0 };
  }
  if (spec.alert === 'PoolAcquireTimeouts') {
    const value = (m.timeoutsPerSec * windowMs) / 1000;
    return { fires: value > 0, value };
  }
  const limitMs = latencyLimitMs(c.p99Ms ?? NaN, o);
  const b = buckets(limitMs);
  const value = m.slow ? p99Of(b[2]!, b[3]!) : p99Of(b[0]!, b[1]!);
  return { fires: value > limitMs && ratio < o.warnAt, value };
}

export type TestFileInput = {
  specs: AlertSpec[];
  options: AlertOptions;
  capacity: Capacity;
  moments: Moment[];
  ruleFile: string;
};

export function renderPromtoolTests({ specs, options: o, capacity: c, moments: ms, ruleFile }: TestFileInput): string {
  const stepMs = Math.max(1000, o.rateWindowMs / 4);
  const forMs = maxOf(
    specs.map((s) => s.forMs),
    0,
  );
  const endMs = Math.ceil((stepMs + forMs + o.rateWindowMs + 2 * stepMs) / stepMs) * stepMs;
  const samples = endMs / stepMs + 2;
  const limitMs = c.p99Ms === null ? null : latencyLimitMs(c.p99Ms, o);
  const hasRate = o.metrics.requests !== undefined;
  const names = [...new Set(specs.map((s) => s.alert))];
  const tests = ms.map((m) => {
    const checks = names.flatMap((alertname) => {
      const firing = specs
        .filter((s) => s.alert === alertname)
        .map((s) => ({ s, r: oracle(s, m, o, c, o.rateWindowMs) }))
        .filter((x) => x.r.fires);
      const exp = firing.map(({ s, r }) => ({
        exp_labels: s.labels,
        exp_annotations: s.annotate(concreteFmt(r.value, hasRate ? m.rate : undefined)),
      }));
      const before = firing.some(({ s }) => s.forMs > 0)
        ? [{ eval_time: promDuration(stepMs), alertname, exp_alerts: [] }]
        : [];
      return [...before, { eval_time: promDuration(endMs), alertname, exp_alerts: exp }];
    });
    return {
      name: m.name,
      interval: promDuration(stepMs),
      input_series: inputSeries(m, o, limitMs, stepMs, samples),
      alert_rule_test: checks,
    };
  });
  const header =
    '# Written by capplan alerts --tests: series synthesized from the run; check with `promtool test rules`.\n';
  return (
    header +
    stringify(
      { rule_files: [ruleFile], evaluation_interval: promDuration(stepMs), tests },
      { lineWidth: 0, aliasDuplicateObjects: false },
    )
  );
}
