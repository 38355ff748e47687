/**
 * Issue #11 defect 2.2: an open-model sweep that stops after the knee and then refines must
 * send every level it runs. The level past the stop is handed to the workers ahead of its
 * start and then dropped; a refinement level must never be taken for it.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import type { Schedule } from '../../src/scenario/types.js';
import { startPoolLimitedServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { sweep, target, total } from './fixtures.js';

const keep = closeAfterEach();

/** Open sweep 100..1600/s, 1 s warm-up + 1 s hold per level, stop after the knee, 2 refinement levels. */
function openSweep(): Schedule {
  return sweep(
    'open',
    [100, 200, 400, 800, 1600],
    { refine: 2, stopAfterKnee: true, holdMs: 1000, warmupMs: 1000 },
    (level) => `r=${level}/s`,
  );
}

describe('open sweep with refinement', () => {
  it('sends every level it runs: counts per step match the plan within 1 %', async () => {
    // Pool of 4 held 20 ms: 200 req/s. Goodput stops rising at 200/s, the sweep stops at 800/s.
    const server = keep(await startPoolLimitedServer({ poolSize: 4, serviceMs: 20, queueTimeoutMs: 100 }));
    const outcome = await runLoad(openSweep(), target(server.url, { timeoutMs: 1000 }), { workers: 1 });
    expect(outcome.status).toBe('completed');
    const ids = outcome.phases.map((p) => p.index);
    expect(new Set(ids).size).toBe(ids.length);
    expect(outcome.phases.map((p) => p.label)).not.toContain('r=1600/s');
    const refined = outcome.phases.filter((p) => p.kind === 'refine');
    expect(refined.length).toBeGreaterThan(0);
    for (const phase of outcome.phases) {
      const measured = outcome.windows.filter(
        (w) => w.phaseIndex === phase.index && w.drain !== true && w.tMs >= phase.startMs + phase.warmupMs,
      );
      const seconds = total(measured, (w) => w.durationMs) / 1000;
      const planned = phase.toLevel * seconds;
      expect(seconds, phase.label).toBe(1);
      const sent = total(measured, (w) => w.sent + w.dropped);
      expect(Math.abs(sent - planned), `${phase.label}: sent ${sent}, planned ${planned}`).toBeLessThanOrEqual(
        Math.max(1, 0.01 * planned),
      );
    }
  });
});
