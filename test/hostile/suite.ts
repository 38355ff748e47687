/**
 * The hostile suite's runner (issue #17): each case runs the built binary (or a hostile file),
 * bounded to a few seconds, and is judged on its exit code, its first stderr line, the record
 * where one is promised (and that `capplan analyze` reads every run.json the case left), and
 * that no process of the run is left behind. HOSTILE_TABLE=<file> appends one JSON line per case.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { analyzedRecords } from '../setup/records-readable.js';
import { ANY_CODE, type Case, type Ctx } from './case.js';
import { capplan, leftovers, type Outcome } from '../helpers/hostile-harness.js';
import type { HostileServer } from './targets.js';

const servers: HostileServer[] = [];

/** Every run.json (and merged record) under `dir`, at any depth up to 3. */
function recordsUnder(dir: string, depth = 0): string[] {
  if (depth > 3) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(e.parentPath, e.name);
    if (e.isDirectory()) return recordsUnder(path, depth + 1);
    return e.isFile() && (e.name === 'run.json' || e.name === 'merged.json') ? [path] : [];
  });
}

async function analyzes(path: string): Promise<{ code: number; err: string }> {
  const io = fakeIo();
  const code = await run(['analyze', path], io);
  analyzedRecords.add(path); // the global hook need not analyze it again
  return { code, err: io.err() };
}

function note(c: Case, outcome: Outcome, recordOk: string): void {
  const file = process.env['HOSTILE_TABLE'];
  if (file === undefined) return;
  const code = outcome.timedOut ? 'hang' : (outcome.code ?? outcome.signal);
  appendFileSync(
    file,
    JSON.stringify({ case: c.name, item: c.item, code, first: outcome.firstLine.slice(0, 120), record: recordOk }) +
      '\n',
  );
}

function context(): Ctx {
  const dir = tmpdir();
  return {
    dir,
    keep: (s) => (servers.push(s), s),
    write: (name, content) => {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
}

async function check(c: Case): Promise<void> {
  const ctx = context();
  const plan = await c.setup(ctx);
  const outcome = await capplan(plan.args, { ...plan, cwd: ctx.dir });
  const left = await leftovers(outcome.tag);
  const records = recordsUnder(ctx.dir);
  const analyzed = await Promise.all(records.map(async (p) => ({ p, ...(await analyzes(p)) })));
  const promised = plan.expect.record === null ? undefined : join(ctx.dir, plan.expect.record);
  const promisedRead =
    promised === undefined || !existsSync(promised)
      ? undefined
      : (analyzed.find((a) => a.p === promised) ?? (await analyzes(promised)));
  const recordState =
    promised === undefined
      ? `none (${records.length} found)`
      : promisedRead === undefined
        ? 'missing'
        : promisedRead.code === 0
          ? 'readable'
          : 'unreadable';
  note(c, outcome, recordState);
  expect(outcome.timedOut, `${c.name}: hung (killed after the deadline)`).toBe(false);
  if (plan.expect.code !== ANY_CODE) expect(outcome.code, outcome.stderr).toBe(plan.expect.code);
  if (plan.expect.first === '') expect(outcome.firstLine, outcome.stderr).toBe('');
  else expect(outcome.firstLine, outcome.stderr).toMatch(plan.expect.first);
  expect(outcome.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  if (promised !== undefined) expect(recordState).toBe('readable');
  for (const a of analyzed) expect(a.code, `capplan analyze ${a.p}: ${a.err}`).toBe(0);
  expect(left, 'processes left behind').toEqual([]);
  await plan.expect.also?.(outcome, ctx);
}

/** One describe block per group of cases; the targets a case started are closed after it. */
export function describeCases(groups: readonly [string, readonly Case[]][]): void {
  for (const [group, cases] of groups) {
    describe(`hostile: ${group}`, () => {
      afterEach(async () => {
        await Promise.all(servers.splice(0).map((s) => s.close()));
      });
      it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => check(c), 60_000);
    });
  }
}
