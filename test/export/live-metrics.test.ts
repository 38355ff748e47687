import { describe, expect, it } from 'vitest';
import { createLiveMetrics } from '../../src/export/live-metrics.js';
import { toTimeseries } from '../../src/export/remote-write.js';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/metrics/histogram.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';

function window(over: Partial<WindowSnapshot>, latenciesUs: number[]): WindowSnapshot {
  const h = createLatencyHistogram();
  for (const v of latenciesUs) recordLatencyUs(h, v);
  return {
    index: 0,
    tMs: 0,
    durationMs: 1000,
    phaseIndex: 0,
    level: 10,
    intended: 12,
    sent: 12,
    ok: latenciesUs.length,
    errorCount: 2,
    errors: { 'http-5xx': 2 },
    status: {},
    bytesIn: 0,
    late: 0,
    dropped: 1,
    inFlightMean: 9,
    inFlightMax: 10,
    inFlightEnd: 7,
    okLatencySumUs: latenciesUs.reduce((a, b) => a + b, 0),
    errorLatencySumUs: 0,
    quarterOk: [],
    quarterErrors: [],
    hdr: encodeHistogram(h),
    serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
    generator: { loopDelayP99Ms: 0, utilization: 0, lateStartFraction: 0, clientQueued: 0, saturated: false },
    errorSamples: [],
    ...over,
  };
}

describe('live metrics', () => {
  it('adds each window to counters, gauges and an OpenTelemetry-named histogram in seconds', async () => {
    const live = createLiveMetrics({ requestNames: ['checkout', 'browse'], model: 'closed' });
    const stage = { label: 'spike', fromLevel: 10, toLevel: 10 };
    live.onWindow(window({}, [4000, 20_000, 60_000]), stage);
    live.onWindow(window({ level: 100, inFlightEnd: 3 }, [30_000]), stage);
    const text = await live.registry.metrics();
    expect(text).toContain('capplan_requests_total{request="all",outcome="ok"} 4');
    expect(text).toContain('capplan_requests_total{request="all",outcome="http-5xx"} 4');
    expect(text).toContain('capplan_requests_total{request="all",outcome="dropped"} 2');
    expect(text).toContain('capplan_sent_requests_total 24');
    expect(text).toContain('http_client_active_requests 3');
    // The window's end level belongs to the next stage: clamped to this stage's range.
    expect(text).toContain('capplan_load_level{stage="spike",model="closed"} 10');
    expect(text).toContain('# TYPE http_client_request_duration_seconds histogram');
    expect(text).toContain('http_client_request_duration_seconds_bucket{request="all",le="0.005"} 1');
    expect(text).toContain('http_client_request_duration_seconds_bucket{request="all",le="0.025"} 2');
    expect(text).toContain('http_client_request_duration_seconds_bucket{request="all",le="0.05"} 3');
    expect(text).toContain('http_client_request_duration_seconds_bucket{request="all",le="+Inf"} 4');
    expect(text).toContain('http_client_request_duration_seconds_sum{request="all"} 0.114');
    expect(text).toContain('http_client_request_duration_seconds_count{request="all"} 4');
  });

  it('turns the registry into remote-write series with sorted labels', async () => {
    const live = createLiveMetrics({ requestNames: ['home'], model: 'open' });
    live.onWindow(window({}, [1000]), { label: 'r=10', fromLevel: 10, toLevel: 10 });
    const series = await toTimeseries(live.registry, { scenario: 's', job: 'capplan' }, 1_700_000_000_000);
    const ok = series.find((s) => s.labels.__name__ === 'capplan_requests_total' && s.labels['outcome'] === 'ok');
    expect(ok).toEqual({
      labels: { __name__: 'capplan_requests_total', job: 'capplan', outcome: 'ok', request: 'home', scenario: 's' },
      samples: [{ value: 1, timestamp: 1_700_000_000_000 }],
    });
    expect(Object.keys(ok!.labels)).toEqual(['__name__', 'job', 'outcome', 'request', 'scenario']);
  });
});
