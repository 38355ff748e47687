/**
 * The postgres probe against a real PostgreSQL, beside the postgres demo target under load,
 * in a scratch database so that the counts are ours alone.
 */
import { describe, expect, it } from 'vitest';
import { startProbes } from '../../src/probes/index.js';
import { PROBE_APPLICATION_NAME } from '../../src/probes/postgres.js';
import type { ProbeSeries } from '../../src/record/types.js';
import type { ProbeSpec } from '../../src/scenario/types.js';
import { adminQuery, scratchDatabase } from '../target/database.js';
import { startDemoTarget } from '../helpers/demo-target.js';
import { driveLoad } from '../helpers/load.js';
import { joinRegExp } from '../helpers/regex.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function probeFor(
  spec: ProbeSpec,
  during: () => Promise<unknown>,
): Promise<{ series: ProbeSeries; warnings: string[] }> {
  const warnings: string[] = [];
  const runner = startProbes([spec], { startedAtMs: Date.now(), onWarning: (w) => warnings.push(w) });
  await during();
  const [series] = await runner.stop();
  return { series: series!, warnings };
}

describe('postgres probe', () => {
  const scratch = scratchDatabase();

  it('records active connections rising to P while the postgres target is loaded, and max_connections', async () => {
    // A 100 ms hold keeps each connection busy ~97% of the time, so a sample sees all P active.
    const target = await startDemoTarget({ backend: 'postgres', pool: 10, holdMs: 100, databaseUrl: scratch.url });
    try {
      const { series, warnings } = await probeFor(
        { kind: 'postgres', name: 'db', url: scratch.url, everyMs: 100 },
        async () => {
          await sleep(400);
          await driveLoad(target.url, { concurrency: 20, durationMs: 2500 });
          await sleep(400);
        },
      );
      expect(warnings).toEqual([]);
      expect(series).toMatchObject({ name: 'db', kind: 'postgres', warnings: [] });
      const points = series.series;
      expect(points.length).toBeGreaterThanOrEqual(20);
      expect(points.every((p) => p.values['up'] === 1)).toBe(true);
      const active = points.map((p) => p.values['connections_active'] ?? -1);
      // Idle before the load (the ready check's connection at most), P active during it.
      expect(active[0]).toBe(0);
      expect(Math.max(...active)).toBe(10);
      expect(Math.max(...points.map((p) => p.values['connections_total'] ?? 0))).toBe(10);
      const [max] = await adminQuery<{ max_connections: string }>('SHOW max_connections');
      expect(points[0]!.values['max_connections']).toBe(Number(max!.max_connections));
      expect(points[0]!.values['server_connections']).toBeGreaterThanOrEqual(1);
    } finally {
      await target.close();
    }
  });

  it('warns when its connection is killed mid-run, and reconnects', async () => {
    const { series, warnings } = await probeFor(
      { kind: 'postgres', name: 'db', url: scratch.url, everyMs: 200 },
      async () => {
        await sleep(500);
        await adminQuery(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2',
          [PROBE_APPLICATION_NAME, scratch.name],
        );
        await sleep(900);
      },
    );
    const ups = series.series.map((p) => p.values['up']);
    expect(ups.length).toBeGreaterThanOrEqual(6);
    // The loss is noticed between samples (or by one failed sample); later samples work again.
    expect(ups[0]).toBe(1);
    expect(ups.at(-1)).toBe(1);
    expect(ups.filter((u) => u === 0).length).toBeLessThanOrEqual(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      joinRegExp([
        /^probe db: (lost its connection to|cannot sample pg_stat_activity at) /,
        /postgres:\/\/postgres:\*\*\*@.*terminating connection due to administrator command/,
      ]),
    );
  });

  it('warns about an unreachable server with the password hidden, and stop() still returns its series', async () => {
    const { series, warnings } = await probeFor(
      { kind: 'postgres', name: 'db', url: 'postgres://u:secret@127.0.0.1:1/x', everyMs: 200 },
      () => sleep(700),
    );
    expect(series.series.length).toBeGreaterThanOrEqual(3);
    expect(series.series.every((p) => p.values['up'] === 0)).toBe(true);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^probe db: cannot sample pg_stat_activity at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
      ),
    ]);
    expect(warnings.join(' ')).not.toContain('secret');
  });
});
