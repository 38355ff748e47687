import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import type { RunRecord } from '../../src/record/types.js';
import { writeRunRecord } from '../../src/record/write.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { syntheticShards } from '../scale/records.js';

/** Writes records as <dir>/shard-<i>/run.json and returns the paths. */
function writeShards(
  dir: string,
  records: readonly RunRecord[],
  names = records.map((_, i) => `shard-${i}`),
): string[] {
  return records.map((record, i) => {
    const path = join(dir, names[i]!, 'run.json');
    writeRunRecord(path, record);
    return path;
  });
}

async function merge(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  const code = await run(['merge', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('capplan merge', () => {
  const { shards } = syntheticShards(3);

  it('merges three shards into one record, re-analyzed, and prints the summary', async () => {
    const dir = tmpdir();
    const files = writeShards(dir, shards);
    const outPath = join(dir, 'merged', 'run.json');
    const { code, out, err } = await merge([...files, '-o', outPath]);
    expect(err).toContain(`merged 3 of 3 shards into ${outPath}`);
    expect(code).toBe(ExitCode.ok);
    const merged = readRunRecord(outPath);
    const okOf = (r: RunRecord): number => r.windows.reduce((a, w) => a + w.ok, 0);
    expect(okOf(merged)).toBe(shards.reduce((a, s) => a + okOf(s), 0));
    expect(merged.environment.merged).toEqual({ count: 3, indexes: [0, 1, 2] });
    expect(merged.environment.shard).toBeUndefined();
    expect(merged.steps.map((s) => s.level)).toEqual([1, 4, 8, 16, 32]);
    expect(out.length).toBeGreaterThan(0);
    expect(out).toContain(merged.analysis.summary.slice(0, 30));
  });

  it('exits 1 when an SLO of the merged run failed, as run does, and still writes the record', async () => {
    const dir = tmpdir();
    const strict = shards.map((r) => ({ ...r, scenario: { ...r.scenario, resolved: { slo: { p99Ms: 1 } } } }));
    const files = writeShards(dir, strict);
    const { code } = await merge([...files, '-o', join(dir, 'run.json')]);
    expect(code).toBe(ExitCode.gateFailed);
    const merged = readRunRecord(join(dir, 'run.json'));
    expect(merged.analysis.slo.some((s) => s.metric === 'p99' && !s.pass)).toBe(true);
  });

  it('accepts an existing folder as -o and writes run.json inside it', async () => {
    const dir = tmpdir();
    const files = writeShards(dir, shards);
    const { code } = await merge([...files, '-o', dir]);
    expect(code).toBe(ExitCode.ok);
    expect(readRunRecord(join(dir, 'run.json')).environment.merged?.count).toBe(3);
  });

  it('--partial merges an incomplete set and warns on stderr', async () => {
    const dir = tmpdir();
    const files = writeShards(dir, shards);
    const { code, err } = await merge([files[0]!, files[2]!, '-o', join(dir, 'out.json'), '--partial']);
    expect(code).toBe(ExitCode.ok);
    expect(err).toContain("warning: partial merge: 2 of 3 shards (0, 2); the load is short of the scenario's");
  });

  const rejections: { name: string; build: (dir: string) => string[]; line: (files: string[]) => string }[] = [
    {
      name: 'shards of different scenarios',
      build: (dir) =>
        writeShards(dir, [
          shards[0]!,
          shards[1]!,
          { ...shards[2]!, scenario: { ...shards[2]!.scenario, sha256: 'c'.repeat(64) } },
        ]),
      line: (f) =>
        `capplan: ${f[2]} is of a different scenario than ${f[0]} ` +
        '("sweep" sha256 cccccccccccc vs "sweep" aaaaaaaaaaaa)',
    },
    {
      name: 'a duplicated index',
      build: (dir) => writeShards(dir, [shards[0]!, shards[1]!, shards[1]!], ['a', 'b', 'c']),
      line: (f) => `capplan: ${f[1]} and ${f[2]} are both shard 1/3: each index may appear once`,
    },
    {
      name: 'a missing shard',
      build: (dir) => writeShards(dir, [shards[0]!, shards[1]!]),
      line: () =>
        'capplan: missing shard 2/3 (have 0/3, 1/3); ' +
        "pass every shard's run.json, or --partial to merge an incomplete set",
    },
  ];

  it.each(rejections)('rejects $name with one clear line and exit 2, writing nothing', async ({ build, line }) => {
    const dir = tmpdir();
    const files = build(dir);
    const outPath = join(dir, 'merged.json');
    const { code, out, err } = await merge([...files, '-o', outPath]);
    expect(code).toBe(ExitCode.usage);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines[0]).toBe(line(files));
    expect(lines.filter((l) => !l.startsWith('hint: '))).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
    expect(() => readRunRecord(outPath)).toThrow('does not exist');
  });

  it('rejects a file that is not a record, and an -o that would overwrite a shard', async () => {
    const dir = tmpdir();
    const files = writeShards(dir, shards);
    writeFileSync(join(dir, 'junk.json'), 'not json');
    const junk = await merge([files[0]!, join(dir, 'junk.json'), '-o', join(dir, 'x.json')]);
    expect(junk.code).toBe(ExitCode.usage);
    expect(junk.err.split('\n')[0]).toMatch(/^capplan: .*junk\.json is not JSON \(/);
    const overwrite = await merge([...files, '-o', files[1]!]);
    expect(overwrite.code).toBe(ExitCode.usage);
    expect(overwrite.err.split('\n')[0]).toBe(
      `capplan: -o ${files[1]} is one of the shard records: it would be overwritten`,
    );
  });

  it('needs -o', async () => {
    const dir = tmpdir();
    const { code, err } = await merge(writeShards(dir, shards));
    expect(code).toBe(ExitCode.usage);
    expect(err).toContain("required option '-o, --out <file>' not specified");
  });
});
