/**
 * A real Prometheus (Debian's `prometheus` package, with `promtool`) for tests: started on a
 * free loopback port with a temporary config and TSDB folder, killed afterwards. In CI
 * (CI=true) a missing binary fails the test file; elsewhere the tests skip and say why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './servers.js';

function hasBinary(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Whether `name` is installed; throws in CI when it is not, prints why it skips elsewhere. */
export function requireBinary(name: 'prometheus' | 'promtool'): boolean {
  if (hasBinary(name)) return true;
  if (process.env['CI'] === 'true')
    throw new Error(`${name} is not installed; .ci/run installs Debian's prometheus package`);
  console.warn(`skipping: ${name} is not installed (apt-get install prometheus); CI runs these tests`);
  return false;
}

export type PromtoolResult = { status: number | null; output: string };

export function promtool(args: readonly string[], cwd: string): PromtoolResult {
  const r = spawnSync('promtool', [...args], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export type PrometheusHandle = {
  url: string;
  dir: string;
  query: (q: string) => Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  alerts: () => Promise<{ labels: Record<string, string>; state: string; activeAt: string; value: string }[]>;
  stop: () => Promise<void>;
};

export type PrometheusOptions = {
  /** scrape_configs as YAML text (indented under `scrape_configs:`), or none. */
  scrapeTargets?: { job: string; target: string }[];
  ruleFiles?: string[];
  remoteWriteReceiver?: boolean;
  intervalS?: number;
};

function config(o: PrometheusOptions): string {
  const s = o.intervalS ?? 1;
  const scrapes = (o.scrapeTargets ?? []).map(
    (t) => `  - job_name: ${t.job}\n    static_configs: [{ targets: ['${t.target}'] }]`,
  );
  return (
    [
      `global: { scrape_interval: ${s}s, evaluation_interval: ${s}s }`,
      `rule_files: [${(o.ruleFiles ?? []).map((f) => `'${f}'`).join(', ')}]`,
      scrapes.length === 0 ? 'scrape_configs: []' : `scrape_configs:\n${scrapes.join('\n')}`,
    ].join('\n') + '\n'
  );
}

async function getJson(url: string): Promise<{ status: string; data: unknown }> {
  const res = await fetch(url);
  return (await res.json()) as { status: string; data: unknown };
}

export async function startPrometheus(o: PrometheusOptions): Promise<PrometheusHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'capplan-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), config(o));
  const port = await freePort();
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...(o.remoteWriteReceiver === true ? ['--web.enable-remote-write-receiver'] : []),
  ];
  const child: ChildProcess = spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 100) throw new Error(`prometheus did not become ready: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    query: async (q) =>
      ((await getJson(`${url}/api/v1/query?query=${encodeURIComponent(q)}`)).data as { result: [] }).result,
    alerts: async () => ((await getJson(`${url}/api/v1/alerts`)).data as { alerts: [] }).alerts,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
