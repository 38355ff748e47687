/**
 * Prometheus's own tools judge what `capplan alerts` writes: `promtool check rules` on every
 * rule file over a matrix of options, and `promtool test rules` on the `--tests` file
 * synthesized from the run (calm load: no alert; past the knee: the pool alerts fire after
 * their `for:`; a slowdown at calm traffic: "not a DDoS"). A broken threshold must fail.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { promtool, requireBinary } from '../helpers/prometheus.js';
import { tmpdir } from '../helpers/tmpdir.js';

const FIXTURES = new URL('../fixtures/runs/', import.meta.url).pathname;
const hasPromtool = requireBinary('promtool');

function workdir(): string {
  const dir = tmpdir();
  for (const f of ['sweep-knee.json', 'not-reached.json', 'spike-live.json', 'open-spike.json'])
    copyFileSync(join(FIXTURES, f), join(dir, f));
  return dir;
}

const MATRIX: { name: string; args: string[] }[] = [
  { name: 'defaults (demo convention from the probe)', args: ['sweep-knee.json'] },
  {
    name: 'HikariCP, selector, short windows',
    args: [
      'sweep-knee.json',
      '--convention',
      'hikaricp',
      '--selector',
      '{job="checkout", env="prod"}',
      '--rate-window',
      '20s',
      '--for',
      '30s',
    ],
  },
  {
    name: 'OpenTelemetry, in-flight knee, warn at 70%',
    args: ['sweep-knee.json', '--convention', 'otel', '--warn-at', '70%', '--latency-margin', '50%'],
  },
  {
    name: 'explicit metrics only',
    args: [
      'sweep-knee.json',
      '--convention',
      'demo',
      '--metric',
      'inflight=app_inflight_requests',
      '--metric',
      'pool_waiting=app_pool_pending{pool="main"}',
      '--service',
      'checkout',
    ],
  },
  {
    name: 'several runs: the lowest capacity',
    args: ['sweep-knee.json', 'open-spike.json', 'not-reached.json', '--rate-window', '30s'],
  },
  { name: 'not reached: pool rules only', args: ['not-reached.json', '--convention', 'demo'] },
  { name: 'open-model run without a knee', args: ['open-spike.json', '--for', '10s', '--rate-window', '10s'] },
  { name: 'stage run, inconclusive', args: ['spike-live.json'] },
];

describe.skipIf(!hasPromtool)('promtool judges capplan alerts', () => {
  it.each(MATRIX)('$name: check rules and test rules pass', async ({ args }) => {
    const dir = workdir();
    const io = fakeIo({ cwd: dir });
    const code = await run(
      ['alerts', ...args, '--out', 'rules/capacity.yml', '--tests', 'rules/capacity.test.yml'],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    const check = promtool(['check', 'rules', 'rules/capacity.yml'], dir);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.status, check.output).toBe(0);
    const test = promtool(['test', 'rules', 'rules/capacity.test.yml'], dir);
    expect(test.status, test.output).toBe(0);
  });

  it('the synthesized tests bite: a threshold that no longer matches the run fails', async () => {
    const dir = workdir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['alerts', 'sweep-knee.json', '--out', 'rules.yml', '--tests', 'rules.test.yml'], io)).toBe(
      ExitCode.ok,
    );
    const test = readFileSync(join(dir, 'rules.test.yml'), 'utf8');
    // Calm load stays silent; past the knee the pool alerts fire with the run's numbers.
    expect(test).toMatch(/alertname: PoolExhausted\n\s+exp_alerts:\n\s+- exp_labels:/);
    expect(test).toContain(
      'Pool exhausted at normal traffic → not a DDoS; measured capacity 394 req/s, current 159 req/s.',
    );
    expect(test).toContain('Traffic surge above capacity: measured capacity 394 req/s');
    writeFileSync(
      join(dir, 'rules.yml'),
      readFileSync(join(dir, 'rules.yml'), 'utf8').replace('* 100 > 80', '* 100 > 120'),
    );
    expect(promtool(['check', 'rules', 'rules.yml'], dir).status).toBe(0);
    const broken = promtool(['test', 'rules', 'rules.test.yml'], dir);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/PoolNearExhaustion/);
  });
});
