/**
 * Issue 11 defects 2.1 and 2.7 through the real recording path (WindowRecorder → windows →
 * steps → analysis): Server-Timing kept per outcome, and latency SLOs that count failed and
 * timed-out requests.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analyze/index.js';
import type { RunOutcome } from '../../src/engine/types.js';
import { ERROR_KIND_INDEX } from '../../src/metrics/error-kinds.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import { WindowRecorder } from '../../src/metrics/window.js';
import { buildWindowsAndSteps } from '../../src/record/build.js';
import type { Phase } from '../../src/scenario/types.js';

const HEALTH = { loopDelayP99Ms: 1, utilization: 0.3, lateStartFraction: 0, clientQueued: 0, saturated: false };
const PHASE: Phase = {
  index: 0,
  kind: 'stage',
  label: 'hold',
  startMs: 0,
  durationMs: 4000,
  warmupMs: 0,
  fromLevel: 10,
  toLevel: 10,
};

/** Four 1 s windows; each: `ok` responses at 50 ms, `timeouts` headers timeouts at 2 s, `rejects` fast 503s. */
function windows(ok: number, timeouts: number, rejects: number): WindowSnapshot[] {
  const r = new WindowRecorder();
  const out: WindowSnapshot[] = [];
  for (let i = 0; i < 4; i++) {
    r.begin(i, i * 1000);
    for (let k = 0; k < ok; k++) {
      r.recordOk(50_000, 200, i * 1000 + 10);
      r.recordServerTiming(0.5, 49, true);
    }
    for (let k = 0; k < timeouts; k++) r.recordError(ERROR_KIND_INDEX['headers-timeout'], 2_000_000, i * 1000 + 10);
    for (let k = 0; k < rejects; k++) {
      r.recordHttpError(300, 503, i * 1000 + 10);
      r.recordServerTiming(0, 0, false); // the demo target's 503s carry `pool;dur=0, db;dur=0`
    }
    out.push(r.snapshot({ phaseIndex: 0, level: 10, inFlightEnd: 10, generator: HEALTH }));
  }
  return out;
}

function outcome(w: WindowSnapshot[]): RunOutcome {
  return { status: 'completed', phases: [PHASE], windows: w, startedAtMs: 0, endedAtMs: 4000, workers: 1 };
}

describe('Server-Timing per outcome (2.1)', () => {
  it("hold and wait come from ok responses; the error responses' zeros are kept apart", () => {
    const { steps } = buildWindowsAndSteps(outcome(windows(100, 0, 300)), 'closed');
    const step = steps[0]!;
    // Before: (100·49 + 300·0) / 400 = 12.25 ms of "hold", which read as client-side queueing.
    expect(step.serverTiming).toEqual({ holdMs: 49, waitMs: 0.5, samples: 400 });
    expect(step.serverTimingErrors).toEqual({ holdMs: 0, waitMs: 0, samples: 1200 });
  });
});

describe('latency SLOs count every request (2.7)', () => {
  it('a p99 ≤ 300 ms SLO fails when 2 % of requests time out at 2 s; latencyMs stays ok-only', () => {
    const { windows: w, steps } = buildWindowsAndSteps(outcome(windows(98, 2, 0)), 'closed');
    const step = steps[0]!;
    expect(step.latencyMs.p99).toBeCloseTo(50, 0);
    expect(step.latencyAllMs!.count).toBe(400);
    expect(step.latencyAllMs!.p99).toBeGreaterThan(1900);
    const record = {
      schema: 'capplan.run/v1' as const,
      tool: { name: 'capplan' as const, version: 't' },
      scenario: { name: 's', file: 'f', sha256: '', resolved: null },
      environment: { node: 'v20', platform: 'linux', cpus: 2, workers: 1, targetUrl: 'http://127.0.0.1:1' },
      model: 'closed' as const,
      status: 'completed' as const,
      startedAt: '',
      endedAt: '',
      durationMs: 4000,
      windows: w,
      steps,
      warnings: [],
    };
    const a = analyzeRun(record, { slo: { p99Ms: 300 }, bootstrapSamples: 0 });
    const overall = a.slo.find((s) => s.scope === 'overall' && s.metric === 'p99')!;
    // Before: the ok-only p99 (50 ms) passed although 8 requests waited 2 s and failed.
    expect(overall).toMatchObject({ pass: false, latency: 'all' });
    expect(overall.actual).toBeGreaterThan(1900);
    expect(a.slo.find((s) => s.scope === 'hold' && s.metric === 'p99')).toMatchObject({ pass: false, latency: 'all' });
  });
});
