/**
 * Issue #11 2.3, 2.8, 2.9: the generator is judged by what distorts the load (drops at the
 * in-flight cap, sends late enough to matter, a lag that grows), never by timer jitter, and a
 * window reports its own phase's level. Real servers on loopback, real worker threads.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { runLoad } from '../../src/engine/coordinator.js';
import { readRunRecord } from '../../src/record/read.js';
import { buildWindowsAndSteps } from '../../src/record/build.js';
import { startFixedLatencyServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { hold, stages, target, total } from './fixtures.js';

const keep = closeAfterEach();

describe('generator limits', () => {
  it('open sweep capped at maxInFlight 10 on a fast target: generator-limited, never "extend the sweep"', async () => {
    // 10 in flight at 20 ms each is 500 req/s: the cap, not the target (which takes any rate).
    const server = keep(await startFixedLatencyServer({ latencyMs: 20 }));
    const dir = tmpdir({
      'capped.yml': `version: 1
name: capped
target: { url: ${server.url}, timeout: 2s }
requests: [{ name: home, path: / }]
load:
  model: open
  maxInFlight: 10
  sweep: { from: 100, to: 1600, spacing: geometric, hold: 2s, warmup: 1s, refine: 0, stopAfterKnee: false }
`,
    });
    const io = fakeIo({ cwd: dir });
    await run(['run', 'capped.yml', '--workers', '1', '--no-progress', '--out', 'out', '--format', 'json'], io);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    const top = record.steps.find((s) => s.level === 1600)!;
    expect(top.dropped / top.intended).toBeGreaterThan(0.3);
    expect(top.generatorSaturated).toBe(true);
    expect(top.generatorLimit).toMatch(/dropped at the generator's in-flight cap \(maxInFlight\)/);
    expect(record.analysis.verdict).toBe('inconclusive');
    expect(record.analysis.summary).not.toMatch(/extend the sweep/);
    expect(record.analysis.summary).toMatch(/raise load\.maxInFlight/);
    // Every arrival is accounted for, and every request sent.
    const sum = (pick: (w: (typeof record.windows)[number]) => number): number =>
      record.windows.reduce((a, w) => a + pick(w), 0);
    expect(sum((w) => w.sent) + sum((w) => w.dropped)).toBe(sum((w) => w.intended));
    expect(sum((w) => w.ok) + sum((w) => w.errorCount) + sum((w) => w.cancelled ?? 0)).toBe(sum((w) => w.sent));
  }, 60_000);

  it('a starved generator (busy loop in the worker) is caught, with the reason and the lag distribution', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 2 }));
    const outcome = await runLoad(hold('open', 200, 4000), target(server.url), {
      workers: 1,
      starve: { busyMs: 45, everyMs: 50 },
    });
    const { steps } = buildWindowsAndSteps(outcome, 'open');
    const step = steps[0]!;
    expect(step.generatorSaturated).toBe(true);
    expect(step.generatorLimit).toMatch(/late enough to change the load|fell behind|event-loop delay/);
    expect(step.lagMs!.p99).toBeGreaterThan(20);
    expect(total(outcome.windows, (w) => w.sent) + total(outcome.windows, (w) => w.dropped)).toBe(
      total(outcome.windows, (w) => w.intended),
    );
  });

  it('each window reports the level of its own phase, also the last window of a phase (open and closed)', async () => {
    const server = keep(await startFixedLatencyServer({ latencyMs: 2 }));
    const open = await runLoad(
      stages('open', [
        ['a', 2000, 100, 100],
        ['b', 2000, 300, 300],
      ]),
      target(server.url),
      { workers: 2 },
    );
    const closed = await runLoad(
      stages('closed', [
        ['a', 2000, 2, 2],
        ['b', 2000, 6, 6],
      ]),
      target(server.url),
      { workers: 2 },
    );
    for (const outcome of [open, closed]) {
      const measured = outcome.windows.filter((w) => w.drain !== true);
      expect(measured.map((w) => w.index)).toEqual([0, 1, 2, 3]);
      const [a, b] = outcome === open ? [100, 300] : [2, 6];
      expect(measured.map((w) => Math.round(w.level))).toEqual([a, a, b, b]);
    }
  });
});

describe('scenarios/open-ramp.yml on the demo target', () => {
  it('gives a verdict (not "generator-limited") with Xmax within ±10 % of 400 req/s', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    // A machine shared with other CPU-heavy work can really starve the generator (sends
    // more than 10 ms late): that run is rightly generator-limited, and is run again (at
    // most 3 times). A generator judged by timer jitter would fail every attempt.
    let limited: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = tmpdir({});
      await run(
        ['run', join(root, 'scenarios/open-ramp.yml'), '--no-progress', '--out', 'out', '--format', 'json'],
        fakeIo({ cwd: dir }),
      );
      const record = readRunRecord(join(dir, 'out', 'run.json'));
      for (const s of record.steps) expect(s.lagMs, s.label).toBeDefined();
      limited = record.steps.filter((s) => s.generatorSaturated).map((s) => `${s.label}: ${s.generatorLimit ?? '?'}`);
      if (limited.length > 0) continue;
      expect(record.analysis.verdict, record.analysis.summary).not.toBe('inconclusive');
      const xmax = record.analysis.maxThroughputPerSec?.value ?? 0;
      expect(xmax, record.analysis.summary).toBeGreaterThan(360);
      expect(xmax, record.analysis.summary).toBeLessThan(440);
      return;
    }
    expect.fail(`the generator was limited in 3 attempts: ${JSON.stringify(limited)}`);
  }, 200_000);
});
