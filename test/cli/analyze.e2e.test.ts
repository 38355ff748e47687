/**
 * A recorded run re-analyzes to the same analysis: `capplan run` writes run.json with its
 * analysis; `capplan analyze run.json --json` reads it back (schema-validated) and runs the
 * analyzer again with the options the stored scenario implies. Seeded bootstrap, same data:
 * the two must be identical, field for field.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { startPoolLimitedServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const keep = closeAfterEach();

describe('capplan analyze on a real run', () => {
  it('run.json round-trips through `capplan analyze` with an identical analysis', async () => {
    const server = keep(await startPoolLimitedServer({ poolSize: 8, serviceMs: 20, serverTiming: true }));
    const dir = tmpdir({
      'sweep.yml': `version: 1
name: round-trip
target: { url: ${server.url}, timeout: 2s }
requests:
  - { name: q, path: "/q?id={{seq}}" }
load:
  model: closed
  sweep: { from: 1, to: 16, spacing: geometric, hold: 1s, warmup: 1s, refine: 0, stopAfterKnee: false }
slo: { p99: 100ms, errorRate: 1% }
plan: { peakRate: 300, p99: 100ms }
`,
    });
    const runIo = fakeIo({ cwd: dir });
    const code = await run(
      ['run', 'sweep.yml', '--out', 'out', '--format', 'json', '--no-progress', '--workers', '1'],
      runIo,
    );
    expect([ExitCode.ok, ExitCode.gateFailed], runIo.err()).toContain(code);
    expect(readdirSync(join(dir, 'out'))).toEqual(['run.json']);
    const stored = (
      JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as {
        analysis: { summary: string; slo: unknown[]; plan?: unknown };
      }
    ).analysis;
    expect(stored.slo.length).toBeGreaterThan(0);
    expect(stored.plan).toBeDefined();

    const analyzeIo = fakeIo({ cwd: dir });
    expect(await run(['analyze', 'out/run.json', '--json'], analyzeIo)).toBe(ExitCode.ok);
    expect(JSON.parse(analyzeIo.out())).toEqual(stored);

    const summaryIo = fakeIo({ cwd: dir });
    expect(await run(['analyze', 'out/run.json'], summaryIo)).toBe(ExitCode.ok);
    expect(summaryIo.out()).toContain(stored.summary.slice(0, 40));
  });
});
