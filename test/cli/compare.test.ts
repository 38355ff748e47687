import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { GateVerdict } from '../../src/gate/types.js';
import { compareCommand, compareOptions } from '../../src/cli/commands/compare.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readHistory } from '../../src/gate/history.js';
import type { SloResult } from '../../src/record/types.js';
import { gateRecord, writeRecords } from '../helpers/gate-records.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const BASE = [388, 412, 395, 405, 400, 419, 383, 401, 409, 392];

/** A baseline folder of 10 runs around 400 req/s and candidate files with the given Xmax. */
function setup(
  candidates: number[],
  extra: { slo?: SloResult[]; saturated?: boolean; errorOnset?: number } = {},
): { dir: string; candidates: string[] } {
  const dir = tmpdir();
  writeRecords(
    dir,
    Object.fromEntries(
      BASE.map((v, i) => [`baseline/run-${i}/run.json`, gateRecord({ minute: i, maxGoodputPerSec: v })]),
    ),
  );
  const files = writeRecords(
    dir,
    Object.fromEntries(
      candidates.map((v, i) => [
        `cand-${i}.json`,
        gateRecord({
          minute: 20 + i,
          maxGoodputPerSec: v,
          slo: extra.slo ?? [],
          generatorSaturatedAt: extra.saturated === true ? 64 : null,
          errorOnset: extra.errorOnset ?? null,
        }),
      ]),
    ),
  );
  return { dir, candidates: files };
}

describe('capplan compare', () => {
  it('exits 1 on a 30 % drop and says why: the first runs failed and the rest confirmed it', async () => {
    const { dir, candidates } = setup([280, 283, 277]);
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates], io)).toBe(
      ExitCode.gateFailed,
    );
    expect(io.out()).toMatch(/^capplan gate: FAIL \(10 baseline runs, 3 candidate runs\)/);
    expect(io.out()).toMatch(
      /max goodput fell 30% \(400 → 280 req\/s\), beyond the noise of these runs \(±\d(\.\d)?%\)/,
    );
    expect(io.out()).toContain('the first 2 candidate runs failed on max goodput and the other 1 confirmed it');
    expect(io.err()).toBe('');
  });

  it('one candidate run 30 % down: INCONCLUSIVE, exit 0, never FAIL (issue 11, 2.6)', async () => {
    const { dir, candidates } = setup([280]);
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/^capplan gate: INCONCLUSIVE \(too few candidate runs to tell a regression from noise\)/);
    expect(io.out()).toContain('rerun with --repeat 3 or `run --baseline`');
  });

  it('exits 0 for an unchanged candidate and for an improvement (with "improved")', async () => {
    const same = setup([398, 404, 401]);
    const io = fakeIo({ cwd: same.dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...same.candidates], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/^capplan gate: (PASS|WARN)/);
    const better = setup([560, 570, 565]);
    const io2 = fakeIo({ cwd: better.dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...better.candidates], io2)).toBe(
      ExitCode.ok,
    );
    expect(io2.out()).toContain('max goodput rose 41% (400 → 565 req/s): improved');
  });

  it('writes Markdown, JUnit and the GitHub step summary, and prints JSON with --json', async () => {
    const { dir, candidates } = setup([280, 283, 277]);
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const io = fakeIo({ cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    const code = await run(
      [
        'compare',
        '--baseline',
        'baseline',
        '--candidate',
        ...candidates,
        '--markdown',
        'out/gate.md',
        '--junit',
        'out/junit.xml',
        '--json',
      ],
      io,
    );
    expect(code).toBe(ExitCode.gateFailed);
    const verdict = JSON.parse(io.out()) as GateVerdict;
    expect(verdict.schema).toBe('capplan.gate/v1');
    expect(verdict.status).toBe('fail');
    expect(verdict.confirmation).toBe('unavailable');
    const md = readFileSync(join(dir, 'out/gate.md'), 'utf8');
    expect(md).toMatch(/^## ❌ capplan gate: FAIL/);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${md}\n`);
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<failure message="max goodput fell 30%');
  });

  it('fails on a broken SLO even without a regression', async () => {
    const slo: SloResult[] = [
      { metric: 'p99', scope: 'overall', threshold: 300, actual: 450, unit: 'ms', pass: false },
    ];
    const { dir, candidates } = setup([401, 399, 400], { slo });
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates], io)).toBe(
      ExitCode.gateFailed,
    );
    expect(io.out()).toContain('SLO p99 ≤ 300 ms broken in 3 of 3 runs (worst 450 ms)');
  });

  it('exits 4 when the candidate runs saturated the generator, even if they also regressed', async () => {
    const { dir, candidates } = setup([280, 283, 277], { saturated: true });
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates], io)).toBe(
      ExitCode.untrustworthy,
    );
    expect(io.out()).toContain('3 of 3 candidate runs saturated the load generator');
  });

  it('judges the other runs (no exit 4) when only one candidate run saturated the generator', async () => {
    const { dir, candidates } = setup([280, 283]);
    const [saturated] = writeRecords(dir, {
      'cand-sat.json': gateRecord({ minute: 40, maxGoodputPerSec: 120, generatorSaturatedAt: 8 }),
    });
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates, saturated!], io)).toBe(
      ExitCode.gateFailed,
    );
    expect(io.out()).toContain('left out 1 of 3 candidate runs that saturated the load generator');
    expect(io.out()).toMatch(/max goodput fell 30% \(400 → 281 req\/s\)/);
  });

  it('applies --tolerance and --gate-knee', async () => {
    const { dir, candidates } = setup([340, 342, 338]);
    const strict = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates], strict)).toBe(
      ExitCode.gateFailed,
    );
    const lenient = fakeIo({ cwd: dir });
    expect(
      await run(
        ['compare', '--baseline', 'baseline', '--candidate', ...candidates, '--tolerance', '20%', '--json'],
        lenient,
      ),
    ).toBe(ExitCode.ok);
    const verdict = JSON.parse(lenient.out()) as GateVerdict;
    expect(verdict.tolerance).toBe(0.2);
    expect(verdict.status).toBe('warn');
    const knee = fakeIo({ cwd: dir });
    await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates, '--gate-knee', '--json'], knee);
    expect((JSON.parse(knee.out()) as GateVerdict).alphaPerMetric).toBe(0.025);
  });

  it('exits 2 with one line naming the file for bad input', async () => {
    const { dir, candidates } = setup([400]);
    writeFileSync(join(dir, 'broken.json'), '{not json');
    const io = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'broken.json', '--candidate', ...candidates], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/^capplan: .*broken\.json is not JSON/);
    expect(io.err()).not.toMatch(/\n\s+at /);
    const io2 = fakeIo({ cwd: dir });
    expect(await run(['compare', '--baseline', 'baseline', '--candidate', 'nope.json'], io2)).toBe(ExitCode.usage);
    expect(io2.err()).toMatch(/nope\.json does not exist/);
    const io3 = fakeIo({ cwd: dir });
    expect(
      await run(['compare', '--baseline', 'baseline', '--candidate', ...candidates, '--tolerance', '150%'], io3),
    ).toBe(ExitCode.usage);
    expect(io3.err()).toMatch(
      /^capplan: --tolerance "150%" is not a percentage between 0 and 100%\nhint: write it like 10% or 0\.1\n$/,
    );
    const io4 = fakeIo({ cwd: dir });
    expect(await run(['compare', '--candidate', ...candidates], io4)).toBe(ExitCode.usage);
    expect(io4.err()).toMatch(/--baseline/);
  });

  it('appends passing candidate runs to a history file and gates against it', async () => {
    const { dir, candidates } = setup([398, 404, 401]);
    const io = fakeIo({ cwd: dir });
    const options = compareOptions({ baseline: ['baseline'], candidate: candidates, appendHistory: 'history.json' });
    expect(await compareCommand(options, io)).toBe(ExitCode.ok);
    expect(readHistory(join(dir, 'history.json')).runs).toHaveLength(3);
    expect(io.err()).toContain('added 3 candidate runs to history.json');
    const next = fakeIo({ cwd: dir });
    expect(
      await run(['compare', '--baseline', 'history.json', 'baseline', '--candidate', ...candidates, '--json'], next),
    ).toBe(ExitCode.ok);
    expect((JSON.parse(next.out()) as GateVerdict).baselineRuns).toBe(13);
  });
});
