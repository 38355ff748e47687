import { describe, expect, it } from 'vitest';
import { lagBucket } from '../../src/metrics/lag.js';
import { generatorOf } from '../../src/record/step-generator.js';
import type { WindowRecord } from '../../src/record/types.js';

const LATENCY = { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };

/** An open-model window of 100 sends whose lags are all `lagMs`. */
function win(i: number, over: Partial<WindowRecord> & { lagMs?: number; loopMs?: number } = {}): WindowRecord {
  const { lagMs = 2, loopMs = 1, ...rest } = over;
  return {
    tMs: i * 1000,
    durationMs: 1000,
    phaseIndex: 0,
    stage: 's',
    level: 100,
    inFlight: 1,
    inFlightMax: 2,
    inFlightEnd: 1,
    intended: 100,
    sent: 100,
    ok: 100,
    errorCount: 0,
    errors: {},
    status: {},
    bytesIn: 0,
    late: 0,
    dropped: 0,
    okLatencySumUs: 0,
    errorLatencySumUs: 0,
    quarterOk: [25, 25, 25, 25],
    quarterErrors: [0, 0, 0, 0],
    latencyMs: LATENCY,
    hdr: '',
    serverTiming: { poolSumMs: 0, poolCount: 0, dbSumMs: 0, dbCount: 0 },
    generator: { loopDelayP99Ms: loopMs, utilization: 0.3, lateStartFraction: 0, clientQueued: 0, saturated: false },
    warmup: false,
    lag: { sumMs: 100 * lagMs, buckets: { [String(lagBucket(lagMs))]: 100 } },
    ...rest,
  };
}

describe('generatorOf (ANALYSIS.md §7.3)', () => {
  it('timer jitter of a few ms is not a limit; the lag distribution is recorded', () => {
    const g = generatorOf([0, 1, 2, 3, 4].map((i) => win(i, { lagMs: 3, loopMs: 4 })));
    expect(g.generatorSaturated).toBe(false);
    expect(g.generatorLimit).toBeUndefined();
    expect(g.lagMs!.p50).toBeGreaterThanOrEqual(3);
    expect(g.lagMs!.p50).toBeLessThan(4.3);
    expect(g.lagMs!.growthMs).toBe(0);
  });

  it('more than 1 % of arrivals dropped at maxInFlight limits the step', () => {
    const g = generatorOf([0, 1, 2].map((i) => win(i, { intended: 100, sent: 98, dropped: 2 })));
    expect(g.generatorSaturated).toBe(true);
    expect(g.generatorLimit).toMatch(/2\.0 % of arrivals dropped .*maxInFlight/);
    expect(
      generatorOf([0, 1, 2].map((i) => win(i, { intended: 1000, sent: 999, dropped: 1 }))).generatorSaturated,
    ).toBe(false);
  });

  it('late sends (beyond the threshold) above 1 % limit the step', () => {
    expect(generatorOf([win(0, { late: 3 }), win(1)]).generatorLimit).toMatch(/1\.5 % of sends left late/);
    expect(generatorOf([win(0, { late: 2 }), win(1)]).generatorSaturated).toBe(false);
  });

  it('a schedule lag that grows over the step limits it, a steady lag does not', () => {
    const growing = generatorOf([0, 1, 2, 3, 4].map((i) => win(i, { lagMs: 1 + 6 * i })));
    expect(growing.generatorLimit).toMatch(/fell behind by 24 ms/);
    expect(generatorOf([0, 1, 2, 3, 4].map((i) => win(i, { lagMs: 8 }))).generatorSaturated).toBe(false);
  });

  it('event-loop delay p99 above 10 ms in most windows limits it, in one window of five not', () => {
    expect(generatorOf([0, 1, 2].map((i) => win(i, { loopMs: i === 0 ? 1 : 30 }))).generatorLimit).toMatch(
      /2 of 3 windows/,
    );
    expect(generatorOf([0, 1, 2, 3, 4].map((i) => win(i, { loopMs: i === 2 ? 80 : 2 }))).generatorSaturated).toBe(
      false,
    );
  });

  it('closed-model windows have no lag', () => {
    const { lag: _lag, ...closed } = win(0);
    expect(generatorOf([closed]).lagMs).toBeUndefined();
  });
});
