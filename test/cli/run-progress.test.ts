import { describe, expect, it } from 'vitest';
import { createProgress, formatProgressLine } from '../../src/cli/progress.js';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/metrics/histogram.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import type { Phase } from '../../src/scenario/types.js';
import { fakeIo } from '../helpers/io.js';

const phase: Phase = {
  index: 1,
  kind: 'stage',
  label: 'spike',
  startMs: 0,
  durationMs: 60_000,
  warmupMs: 0,
  fromLevel: 150,
  toLevel: 150,
};

function window(index: number): WindowSnapshot {
  const h = createLatencyHistogram();
  for (let i = 1; i <= 100; i++) recordLatencyUs(h, i * 1000);
  return {
    index,
    tMs: index * 1000,
    durationMs: 1000,
    level: 150,
    ok: 790,
    errorCount: 10,
    dropped: 0,
    inFlightMean: 148.6,
    hdr: encodeHistogram(h),
    generator: { loopDelayP99Ms: 1, utilization: 0.2, lateStartFraction: 0, clientQueued: 0, saturated: false },
  } as WindowSnapshot;
}

describe('progress', () => {
  it('formats one line: stage and level, elapsed/total, req/s, p99, errors, in-flight', () => {
    expect(formatProgressLine(window(11), phase, 60_000, 'closed')).toBe(
      'spike (c=150) · 12s/60s · 800 req/s · p99 99.0 ms · errors 1.3% · in-flight 149',
    );
  });

  it('redraws one line on a TTY and clears it at the end', () => {
    const io = fakeIo({ isTTY: true });
    const p = createProgress(io, { enabled: true, totalMs: 60_000, model: 'closed' });
    p.onWindow(window(0), phase);
    p.onWindow(window(1), phase);
    p.stop();
    expect(io.err()).not.toContain('\n');
    expect(io.err().split('\r\x1b[2K').filter(Boolean)).toHaveLength(2);
    expect(io.err().endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints a plain line every 5 s without a TTY', () => {
    const io = fakeIo({ isTTY: false });
    const p = createProgress(io, { enabled: true, totalMs: 60_000, model: 'open' });
    for (let i = 0; i < 12; i++) p.onWindow(window(i), phase);
    p.stop();
    const lines = io.err().trimEnd().split('\n');
    expect(lines.map((l) => l.split(' · ')[1])).toEqual(['1s/60s', '6s/60s', '11s/60s']);
    expect(io.err()).not.toContain('\x1b');
  });

  it('does not repeat a sweep level that is already the label', () => {
    const level: Phase = { ...phase, kind: 'level', label: 'r=150/s' };
    expect(formatProgressLine(window(3), level, 60_000, 'open').split(' · ')[0]).toBe('r=150/s');
  });

  it('prints nothing with --no-progress', () => {
    const io = fakeIo({ isTTY: true });
    const p = createProgress(io, { enabled: false, totalMs: 1000, model: 'closed' });
    p.onWindow(window(0), phase);
    p.stop();
    expect(io.err()).toBe('');
  });
});
