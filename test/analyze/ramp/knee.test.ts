import { describe, expect, it } from 'vitest';
import { rampKnee } from '../../../src/analyze/ramp/knee.js';
import type { RampPoint } from '../../../src/analyze/ramp/points.js';
import { normalSource } from '../../helpers/records.js';

/**
 * A closed ramp 1 → 60 users over 30 windows against a pool of 20 held 50 ms (knee 20,
 * 400 req/s): goodput per window with `cv` relative noise, AR(1) φ = 0.5 between windows.
 */
function closedRamp(seed: number, cv = 0.03, windows = 30): RampPoint[] {
  const z = normalSource(seed);
  let e = 0;
  const out: RampPoint[] = [];
  for (let i = 0; i < windows; i += 1) {
    e = 0.5 * e + Math.sqrt(1 - 0.25) * z();
    const x = 1 + (59 * (i + 0.5)) / windows;
    const y = Math.min(x / 0.05, 400) * (1 + cv * e);
    out.push({
      x,
      goodputPerSec: y,
      weight: 1 / y,
      tMs: i * 1000,
      growthPerSec: 0,
      meanOkLatencyMs: x <= 20 ? 50 : x / 0.4,
    });
  }
  return out;
}

/** An open ramp 50 → 600/s: completions follow arrivals up to 400/s, then in-flight grows. */
function openRamp(seed: number): RampPoint[] {
  const z = normalSource(seed);
  const out: RampPoint[] = [];
  for (let i = 0; i < 30; i += 1) {
    const x = 50 + (550 * (i + 0.5)) / 30;
    const y = Math.min(x, 400) * (1 + 0.03 * z());
    out.push({
      x,
      goodputPerSec: y,
      weight: 1 / y,
      tMs: i * 1000,
      growthPerSec: Math.max(0, x - 400),
      meanOkLatencyMs: 51,
    });
  }
  return out;
}

describe('rampKnee', () => {
  it('closed ramp: knee 20 ± 10 % with a CI that holds it, from 30 windows', () => {
    const k = rampKnee(closedRamp(3), { model: 'closed', samples: 500, seed: 1, r0Ms: null })!;
    expect(k.censored).toBeNull();
    expect(Math.abs(k.knee / 20 - 1)).toBeLessThan(0.1);
    expect(k.kneeCi[0]).toBeLessThanOrEqual(k.knee);
    expect(k.kneeCi[1]).toBeGreaterThanOrEqual(k.knee);
    expect(Math.abs(k.xmaxPerSec / 400 - 1)).toBeLessThan(0.05);
    expect(k.windows).toBe(30);
    expect(k.windowsBeyond).toBeGreaterThan(10);
  });

  it('open ramp: Xmax 400 ± 5 %, knee Xmax·R0 ≈ 20.4', () => {
    const k = rampKnee(openRamp(5), { model: 'open', samples: 300, seed: 1, r0Ms: null })!;
    expect(k.censored).toBeNull();
    expect(Math.abs(k.tau / 400 - 1)).toBeLessThan(0.1);
    expect(Math.abs(k.xmaxPerSec / 400 - 1)).toBeLessThan(0.05);
    expect(Math.abs(k.knee / 20.4 - 1)).toBeLessThan(0.1);
  });

  it('a ramp that never bends is censored above at its edge, never a value', () => {
    const points = closedRamp(4).filter((p) => p.x < 18);
    const k = rampKnee(points, { model: 'closed', samples: 100, seed: 1, r0Ms: 50 })!;
    expect(k.censored).toBe('above');
    expect(k.knee).toBe(Math.max(...points.map((p) => p.x)));
  });

  it('an open plateau without a shortfall against arrivals (the generator stopped sending) is not a knee', () => {
    const points = openRamp(6).map((p) => ({ ...p, x: Math.min(p.x, p.goodputPerSec * 1.02), growthPerSec: 0 }));
    const k = rampKnee(points, { model: 'open', samples: 100, seed: 1, r0Ms: 50 })!;
    expect(k.censored).toBe('above');
  });

  it('too few windows: no knee', () => {
    expect(rampKnee(closedRamp(1).slice(0, 7), { model: 'closed', samples: 10, seed: 1, r0Ms: 50 })).toBeNull();
  });

  it('the 95 % interval covers the true knee in ≥ 90 % of 200 seeds', () => {
    let covered = 0;
    for (let seed = 1; seed <= 200; seed += 1) {
      const k = rampKnee(closedRamp(seed * 7919), { model: 'closed', samples: 300, seed, r0Ms: null })!;
      if (k.censored === null && k.kneeCi[0] <= 20 && k.kneeCi[1] >= 20) covered += 1;
    }
    expect(covered / 200).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
