import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const FIXTURES = new URL('../fixtures/runs/', import.meta.url).pathname;

function dirWith(...names: string[]): string {
  const dir = tmpdir();
  for (const n of names) copyFileSync(join(FIXTURES, n), join(dir, n));
  return dir;
}

describe('capplan alerts (command)', () => {
  it('prints the rule file on stdout and what it wrote on stderr', async () => {
    const io = fakeIo({ cwd: dirWith('sweep-knee.json') });
    expect(await run(['alerts', 'sweep-knee.json'], io)).toBe(ExitCode.ok);
    const doc = parse(io.out()) as { groups: { name: string; rules: unknown[] }[] };
    expect(doc.groups[0]?.name).toBe('capplan-checkout-capacity');
    expect(io.err()).toMatch(/^wrote stdout: 4 alerting and 5 recording rules \(capacity 394 req\/s\)\n/);
  });

  it('a run without a knee: only the rules it can justify, and why the others are missing', async () => {
    const dir = dirWith('not-reached.json');
    const io = fakeIo({ cwd: dir });
    expect(await run(['alerts', 'not-reached.json', '--convention', 'demo', '--out', 'rules.yml'], io)).toBe(
      ExitCode.ok,
    );
    const alerts = (
      parse(readFileSync(join(dir, 'rules.yml'), 'utf8')) as { groups: { rules: { alert?: string }[] }[] }
    ).groups[0]!.rules.flatMap((r) => (r.alert === undefined ? [] : [r.alert]));
    expect(alerts).toEqual(['PoolExhausted', 'PoolAcquireTimeouts']);
    expect(io.err()).toContain('wrote rules.yml: 2 alerting and 4 recording rules (capacity not measured)');
    expect(io.err()).toMatch(
      /^skipped PoolNearExhaustion: .*capacity not reached \(above 719 req\/s, verdict not-reached\)/m,
    );
    expect(io.err()).toMatch(/^skipped LatencyAboveCapacityModel: .*capacity not measured/m);
  });

  it('without any known metric names: an empty rule file and a hint', async () => {
    const io = fakeIo({ cwd: dirWith('not-reached.json') });
    expect(await run(['alerts', 'not-reached.json'], io)).toBe(ExitCode.ok);
    expect(parse(io.out())).toEqual({ groups: [] });
    expect(io.err()).toContain(
      'hint: no metric names known: give --metric KEY=name (repeatable) or --convention demo|hikaricp|otel',
    );
  });

  it('bad flags are one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--tests', 't.yml'], /--tests needs --out/],
      [['--metric', 'pool=x'], /--metric expects KEY=name/],
      [['--warn-at', '180%'], /--warn-at must be a percentage like 80%/],
      [['--rate-window', '10'], /--rate-window must be a duration of at least 1s/],
      [['--selector', '{job=~"a.*"}', '--out', 'r.yml', '--tests', 't.yml'], /--tests needs equality matchers/],
      [['--latency-buckets', '0.5,0.1'], /--latency-buckets expects ascending bucket bounds/],
    ];
    for (const [flags, message] of cases) {
      const io = fakeIo({ cwd: dirWith('sweep-knee.json') });
      expect(await run(['alerts', 'sweep-knee.json', ...flags], io)).toBe(ExitCode.usage);
      expect(io.err()).toMatch(message);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it("a missing run file is the project's usual message and hint, exit 2, no stack", async () => {
    const io = fakeIo({ cwd: tmpdir() });
    expect(await run(['alerts', 'nope.json'], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/^capplan: .*nope\.json/);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
