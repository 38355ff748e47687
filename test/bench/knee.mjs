#!/usr/bin/env node
/**
 * Time-to-knee benchmark (issue 16 item 3): `npm run bench -- knee`. Against live pool
 * services of known capacity (the demo target: P slots held S ms, so the knee is ≈ P) it runs
 * three ways of finding the knee through the real CLI (`capplan run --json`) and prints a
 * Markdown table of the load seconds each spent and its error against the true pool:
 *
 *   fixed sweep   1, 2, 4 … 64, 1 s warm-up + 3 s hold, 3 refinement levels, stop two levels past the knee
 *   adaptive      sweep: { adaptive: true, to: 128, precision: 10%, maxDuration: 20s }
 *   single ramp   2 s at 1 user, then a 30 s ramp to 64 users (no knowledge of the pool)
 *
 * Load seconds come from each record: the sum of its windows' durations (warm-up included,
 * the drain after the end and the pauses between adaptive levels not), not wall time.
 * Targets: memory pools 8/20 ms, 20/50 ms, 30/25 ms, a fail-fast pool (503 at once when full,
 * 20/50 ms) and the PostgreSQL demo target (pool 10, pg_sleep 20 ms, on an embedded
 * PostgreSQL the CLI starts as `capplan target --backend postgres` does).
 * Env: BENCH_KNEE_TARGETS (comma-separated names, default all), BENCH_KNEE_ROUNDS (default 1).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../../dist/cli/main.js');

const TARGETS = [
  { name: 'pool 8/20 ms', pool: 8, demo: '{ pool: 8, hold: 20ms, acquireTimeout: 2s }' },
  { name: 'pool 20/50 ms', pool: 20, demo: '{ pool: 20, hold: 50ms, acquireTimeout: 2s }' },
  { name: 'pool 30/25 ms', pool: 30, demo: '{ pool: 30, hold: 25ms, acquireTimeout: 2s }' },
  { name: 'fail-fast 20/50 ms', pool: 20, demo: '{ pool: 20, hold: 50ms, failFast: true }' },
  { name: 'postgres 10/20 ms', pool: 10, demo: '{ pool: 10, hold: 20ms, backend: postgres, acquireTimeout: 2s }' },
];

const METHODS = {
  'fixed sweep': 'sweep: { from: 1, to: 64, spacing: geometric, hold: 3s, warmup: 1s, refine: 3, stopAfterKnee: true }',
  adaptive: 'sweep: { adaptive: true, to: 128, precision: 10%, maxDuration: 20s }',
  'single ramp':
    'stages:\n    - { duration: 2s, concurrency: 1, name: probe }\n    - { duration: 30s, rampTo: 64, name: ramp }',
};

function scenario(target, load) {
  return `version: 1
name: knee-bench
target:
  demo: ${target.demo}
  timeout: 5s
requests:
  - { name: query, path: "/query?id={{seq}}" }
load:
  model: closed
  ${load}
`;
}

function runCli(file, outDir) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'run', file, '--json', '--no-progress', '--out', outDir, '--format', 'json'],
      { maxBuffer: 256 * 2 ** 20 },
      (error, stdout, stderr) => {
        // Exit 1 (an SLO) would still carry a record; anything without one is a failure.
        if (stdout.trim() === '') reject(new Error(`capplan run failed: ${stderr || error?.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

/** Load seconds, knee, CI and how far from the true pool a record's knee is. */
function measure(record, pool) {
  const loadMs = record.windows.filter((w) => w.drain !== true).reduce((sum, w) => sum + w.durationMs, 0);
  const knee = record.analysis.knee;
  const found = knee !== null && knee.censored === null;
  return {
    loadSec: loadMs / 1000,
    knee: found ? knee.concurrency : null,
    ci: found ? knee.ci95 : null,
    errorPct: found ? (100 * (knee.concurrency - pool)) / pool : null,
    note: found ? '' : knee === null ? record.analysis.verdict : `censored ${knee.censored}`,
    saturated: record.steps.filter((s) => s.generatorSaturated).length,
    stoppedBy: record.adaptive?.stoppedBy,
  };
}

const rounds = Number(process.env.BENCH_KNEE_ROUNDS ?? 1);
const only = process.env.BENCH_KNEE_TARGETS?.split(',').map((s) => s.trim());
const dir = mkdtempSync(join(tmpdir(), 'capplan-knee-'));
const rows = [];
try {
  for (const target of TARGETS.filter((t) => only === undefined || only.includes(t.name))) {
    for (let round = 1; round <= rounds; round += 1) {
      for (const [method, load] of Object.entries(METHODS)) {
        const file = join(dir, 'scenario.yml');
        writeFileSync(file, scenario(target, load));
        const outDir = join(dir, `${rows.length}`);
        const m = measure(await runCli(file, outDir), target.pool);
        rows.push({ target: target.name, method, ...m });
        const ci = m.ci === null ? '' : ` [${m.ci[0].toFixed(1)}, ${m.ci[1].toFixed(1)}]`;
        process.stderr.write(
          `${target.name} / ${method}: ${m.loadSec} s of load, knee ${m.knee?.toFixed(1) ?? m.note}${ci}` +
            `${m.stoppedBy === undefined ? '' : `, stopped by ${m.stoppedBy}`}` +
            `, generator-limited steps ${m.saturated}\n`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (x, d) => (x === null ? '–' : x.toFixed(d));
console.log(
  `\nload average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log('\n| target (true knee ≈ pool) | method | load s | knee | 95% CI | error vs pool | notes |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ci = r.ci === null ? '–' : `${fmt(r.ci[0], 1)}–${fmt(r.ci[1], 1)}`;
  const err = r.errorPct === null ? '–' : `${r.errorPct >= 0 ? '+' : ''}${r.errorPct.toFixed(1)} %`;
  const notes = [
    r.note,
    r.stoppedBy === undefined ? '' : `stopped: ${r.stoppedBy}`,
    r.saturated > 0 ? `${r.saturated} generator-limited step(s)` : '',
  ]
    .filter((s) => s !== '')
    .join('; ');
  console.log(`| ${r.target} | ${r.method} | ${fmt(r.loadSec, 0)} | ${fmt(r.knee, 1)} | ${ci} | ${err} | ${notes} |`);
}
