import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONVENTIONS, parseMetricFlags, resolveMetrics } from '../../src/alerts/conventions.js';
import { printf0 } from '../../src/alerts/annotations.js';
import { buildAlerts } from '../../src/alerts/index.js';
import { selectorBody, vectorSelector } from '../../src/alerts/promql.js';
import { seriesName } from '../../src/alerts/labels.js';
import type { AlertOptions } from '../../src/alerts/types.js';
import type { RunRecord } from '../../src/record/types.js';

const load = (name: string): RunRecord =>
  JSON.parse(readFileSync(new URL(`../fixtures/runs/${name}`, import.meta.url), 'utf8')) as RunRecord;
const options = (o: Partial<AlertOptions> = {}): AlertOptions => ({
  service: 'checkout',
  metrics: CONVENTIONS['demo']!,
  selector: '',
  warnAt: 0.8,
  latencyMargin: 1,
  latencyBuckets: [0.05, 0.1, 0.25],
  rateWindowMs: 60_000,
  ...o,
});
type Doc = {
  groups: {
    name: string;
    rules: { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string> }[];
  }[];
};
const rulesOf = (text: string): Doc['groups'][number]['rules'] => (parse(text) as Doc).groups[0]?.rules ?? [];
const source = { convention: 'demo', given: [] };

type AlertInput = Parameters<typeof buildAlerts>[0];

/** buildAlerts on the fixture `name` (as `file`) with the demo options, unless `more` says otherwise. */
const alertsFor = (name: string, file: string, more: Partial<AlertInput> = {}): ReturnType<typeof buildAlerts> =>
  buildAlerts({
    runs: [{ record: load(name), file }],
    options: options(),
    source,
    command: 'capplan alerts',
    ...more,
  });

describe('capplan alerts (pure)', () => {
  it('derives thresholds from the measured capacity and knee of a sweep', () => {
    const out = alertsFor('sweep-knee.json', 'sweep-knee.json');
    const rules = rulesOf(out.rules);
    expect(out.capacity).toMatchObject({ rate: 394.4, knee: 20.4 });
    expect(rules.find((r) => r.record === 'capplan:rate_over_capacity:ratio')?.expr).toBe(
      'capplan:requests:rate{capplan_service="checkout"} / 394.4',
    );
    expect(rules.filter((r) => r.alert !== undefined).map((r) => r.alert)).toEqual([
      'PoolNearExhaustion',
      'PoolExhausted',
      'PoolAcquireTimeouts',
      'LatencyAboveCapacityModel',
    ]);
    for (const r of rules) expect(r.labels?.['capplan_service']).toBe('checkout');
    expect(rules.find((r) => r.alert === 'LatencyAboveCapacityModel')?.expr).toContain('* 1000 > 250 and');
    expect(out.rules).toMatch(/^# .*sweep-knee\.json.*capacity 394\.4 req\/s, knee 20\.4/m);
    expect(out.skipped.map((s) => s.rule)).toEqual(['capplan:inflight_over_knee:ratio']);
  });

  it('without a knee writes only the pool rules and says why the others are missing', () => {
    const out = alertsFor('not-reached.json', 'nr.json');
    expect(
      rulesOf(out.rules)
        .filter((r) => r.alert !== undefined)
        .map((r) => r.alert),
    ).toEqual(['PoolExhausted', 'PoolAcquireTimeouts']);
    const why = Object.fromEntries(out.skipped.map((s) => [s.rule, s.why]));
    expect(why['PoolNearExhaustion']).toMatch(/capacity not reached \(above 719 req\/s, verdict not-reached\)/);
    expect(why['LatencyAboveCapacityModel']).toMatch(/capacity not measured/);
    expect(out.rules).toContain('# Skipped:');
  });

  it('several runs: thresholds from the lowest capacity, every run named', () => {
    const lower = load('sweep-knee.json');
    lower.scenario.name = 'checkout-after-deploy';
    lower.analysis.maxThroughputPerSec = { value: 300, ci95: [290, 310], censored: false };
    const out = buildAlerts({
      runs: [
        { record: load('sweep-knee.json'), file: 'a.json' },
        { record: lower, file: 'b.json' },
      ],
      options: options(),
      source,
      command: 'capplan alerts a.json b.json',
    });
    expect(out.capacity.rate).toBe(300);
    expect(out.rules).toContain('checkout-capacity (a.json');
    expect(out.rules).toContain('checkout-after-deploy (b.json');
    expect(rulesOf(out.rules).find((r) => r.record === 'capplan:rate_over_capacity:ratio')?.expr).toMatch(/ \/ 300$/);
  });

  it('writes an empty groups list when no metric is known', () => {
    const out = alertsFor('sweep-knee.json', 'x.json', { options: options({ metrics: {} }), command: 'c' });
    expect((parse(out.rules) as Doc).groups).toEqual([]);
    expect(out.alertCount).toBe(0);
  });

  it('annotations carry the runbook line: pool exhausted at normal traffic is not a DDoS', () => {
    const out = alertsFor('sweep-knee.json', 'x.json', { command: 'c', ruleFile: 'r.yml', testFile: 't.yml' });
    expect(out.rules).toContain(
      '{{ if lt (. | first | value) 394.4 }}Pool exhausted at normal traffic → not a DDoS; ' +
        'measured capacity 394 req/s',
    );
    expect(out.tests).toContain('rule_files:\n  - r.yml');
  });
});

describe('metric names and selectors', () => {
  it('picks the convention from the probe and lets --metric override', () => {
    const { metrics, source: s } = resolveMetrics(parseMetricFlags(['requests=my_requests_total']), undefined, [
      'hikaricp_connections_active',
    ]);
    expect(s).toEqual({ convention: 'hikaricp', given: ['requests'] });
    expect(metrics.requests).toBe('my_requests_total');
    expect(metrics.pool_waiting).toBe('hikaricp_connections_pending');
  });

  it('rejects unknown keys and conventions with one line', () => {
    expect(() => parseMetricFlags(['pool=x'])).toThrow(/--metric expects KEY=name with KEY one of inflight, requests/);
    expect(() => resolveMetrics({}, 'datadog', [])).toThrow(/--convention must be one of demo, hikaricp, otel/);
  });

  it("merges a metric's own matchers with the selector", () => {
    expect(vectorSelector('db_client_connections_usage{state="used"}', '{job="a"}')).toBe(
      'db_client_connections_usage{state="used", job="a"}',
    );
    expect(vectorSelector('x_total', '')).toBe('x_total');
    expect(selectorBody('job="a"')).toBe('job="a"');
    expect(() => vectorSelector('not a name', '')).toThrow(/not a Prometheus metric name/);
    expect(seriesName('b_bucket', '{job="a,b"}', { le: '0.1' })).toBe('b_bucket{job="a,b", le="0.1"}');
    expect(() => seriesName('b', '{job=~"a.*"}')).toThrow(/--tests needs equality matchers/);
  });
});

describe('printf0', () => {
  it("rounds like Go's %.0f: exact ties to even", () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 394.4].map(printf0)).toEqual(['0', '2', '2', '2', '3', '394']);
  });
});
