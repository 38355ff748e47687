/** `capplan analyze run.json` in-process: re-analysis with the record's scenario, terminal and JSON output, errors. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRun, type AnalyzeInput } from '../../src/analyze/index.js';
import type { Analysis } from '../../src/record/types.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { buildRecord, poolRows } from '../helpers/records.js';
import { tmpdir } from '../helpers/tmpdir.js';

function writeRecord(record: AnalyzeInput, analysis: Analysis, scenario: unknown = null): string {
  const dir = tmpdir({});
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ ...record, scenario: { ...record.scenario, resolved: scenario }, analysis }),
  );
  return dir;
}

const SWEEP = [1, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48];

describe('capplan analyze', () => {
  it('re-runs the analysis (a stale stored analysis is replaced) and prints the verdict sentence', async () => {
    const record = buildRecord(poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true }));
    const stale = { ...analyzeRun(record, { bootstrapSamples: 0 }), summary: 'stale summary' };
    const dir = writeRecord(record, stale);
    const io = fakeIo({ cwd: dir });
    expect(await run(['analyze', 'run.json'], io)).toBe(0);
    expect(io.out()).toMatch(/Pool exhaustion begins at ~20 concurrent requests/);
    expect(io.out()).not.toContain('stale summary');
  });
  it('--json prints the Analysis, using the SLOs of the recorded scenario', async () => {
    const record = buildRecord(
      poolRows(SWEEP, { poolSize: 20, serviceMs: 50, serverTiming: true }).map((r) => ({
        ...r,
        p99Ms: (r.level / r.goodputPerSec) * 1200,
      })),
    );
    const dir = writeRecord(record, analyzeRun(record, { bootstrapSamples: 0 }), {
      slo: { p99Ms: 80 },
      target: { demo: { acquireTimeoutMs: 1000 } },
    });
    const io = fakeIo({ cwd: dir });
    expect(await run(['analyze', 'run.json', '--json'], io)).toBe(0);
    const analysis = JSON.parse(io.out()) as Analysis;
    expect(analysis.verdict).toBe('pool-exhaustion');
    expect(analysis.capacityAtSlo).toBe(24);
    expect(analysis.slo.length).toBeGreaterThan(0);
  });
  it('a missing file is a one-line error with exit 2', async () => {
    const io = fakeIo({ cwd: tmpdir({}) });
    expect(await run(['analyze', 'nope.json'], io)).toBe(2);
    expect(io.err()).toMatch(/^capplan: nope\.json does not exist|does not exist/);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
