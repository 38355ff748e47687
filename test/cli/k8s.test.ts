import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { TOOL_VERSION } from '../../src/cli/version.js';
import { buildK8sManifests, k8sBaseName, shardMergeArgs } from '../../src/scale/k8s.js';
import { localShardRunArgs } from '../../src/scale/run-args.js';
import type { FakeIo } from '../helpers/io.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

const SCENARIO = `version: 1
name: Checkout Sweep
target:
  url: http://checkout.shop.svc.cluster.local:8080
  timeout: 2s
requests:
  - name: checkout
    method: POST
    path: /checkout?item={{seq}}
    json: { sku: A-1, qty: 1 }
load:
  model: closed
  sweep: { from: 1, to: 64, spacing: geometric, hold: 5s, warmup: 1s, refine: 0, stopAfterKnee: false }
slo: { p99: 300ms }
`;

const NOW_MS = Date.UTC(2026, 10, 28, 7, 59, 30, 400);

/** fakeIo with a fixed clock. */
function clockIo(): FakeIo {
  return { ...fakeIo(), now: () => NOW_MS };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, navigated by the assertions
type Doc = Record<string, any>;

async function k8s(args: string[], text = SCENARIO): Promise<{ code: number; docs: Doc[]; out: string; err: string }> {
  const dir = tmpdir({ 'sweep.yml': text });
  const io = clockIo();
  const code = await run(['k8s', join(dir, 'sweep.yml'), ...args], io);
  const out = io.out();
  const parsed = parseAllDocuments(out);
  const docs = (Array.isArray(parsed) ? parsed : []).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
  return { code, docs, out, err: io.err() };
}

describe('capplan k8s', () => {
  it('prints a ConfigMap, a claim, an Indexed Job and a merge Job that parse as YAML', async () => {
    const { code, docs, err } = await k8s([
      '--shards',
      '3',
      '--namespace',
      'load',
      '--image',
      'ghcr.io/acme/capplan:1',
      '--start-delay',
      '90s',
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(docs.map((d) => `${d['apiVersion']} ${d['kind']}`)).toEqual([
      'v1 ConfigMap',
      'v1 PersistentVolumeClaim',
      'batch/v1 Job',
      'batch/v1 Job',
    ]);
    for (const d of docs) expect(d['metadata'].namespace).toBe('load');
    expect(docs[0]!['data']).toEqual({ 'sweep.yml': SCENARIO });
    expect(docs[1]!['spec'].accessModes).toEqual(['ReadWriteMany']);
    // 07:59:30.4 + 90 s, rounded up to the second.
    expect(err).toContain('3 shards start together at 2026-11-28T08:01:01.000Z');
    expect(docs[2]!['metadata'].name).toBe('capplan-checkout-sweep-20261128t0801-shards');
  });

  it('the shard Job: Indexed, n completions in parallel, no retries, volumes mounted', async () => {
    const { docs } = await k8s(['--shards', '3']);
    const job = docs[2]!;
    expect(job['spec']).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 0 });
    expect(job['spec'].activeDeadlineSeconds).toBeGreaterThan(60);
    const pod = job['spec'].template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const container = pod.containers[0];
    expect(container.image).toBe('node:20-bookworm-slim');
    expect(container.env).toContainEqual({ name: 'CAPPLAN_VERSION', value: TOOL_VERSION });
    expect(container.env[0]).toEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    expect(container.volumeMounts).toEqual([
      { name: 'scenario', mountPath: '/scenario', readOnly: true },
      { name: 'records', mountPath: '/records' },
    ]);
    expect(pod.volumes[0].configMap.name).toBe(docs[0]!['metadata'].name);
    expect(pod.volumes[1].persistentVolumeClaim.claimName).toBe(docs[1]!['metadata'].name);
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
  });

  it('shard i of n in the manifest runs the same command as local shard i of n', async () => {
    const { docs } = await k8s(['--shards', '3']);
    const args: string[] = docs[2]!['spec'].template.spec.containers[0].args;
    expect(args).toContain('$(JOB_COMPLETION_INDEX)/3');
    const local = localShardRunArgs('/scenario/sweep.yml', 3, '2026-11-28T08:00:31.000Z', '/records');
    for (let i = 0; i < 3; i++) {
      // What Kubernetes does to pod i's args: expand $(JOB_COMPLETION_INDEX) to i.
      const podArgs = args.map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', String(i)));
      expect(podArgs).toEqual(local[i]);
    }
    expect(local[1]).toEqual([
      'run',
      '/scenario/sweep.yml',
      '--shard',
      '1/3',
      '--start-at',
      '2026-11-28T08:00:31.000Z',
      '--out',
      '/records/shard-1',
      '--format',
      'json',
      '--force',
    ]);
  });

  it('the merge Job waits for every shard record, then merges them all', async () => {
    const { docs } = await k8s(['--shards', '3']);
    const container = docs[3]!['spec'].template.spec.containers[0];
    expect(container.args).toEqual(shardMergeArgs(3));
    expect(container.args).toEqual([
      'merge',
      '/records/shard-0/run.json',
      '/records/shard-1/run.json',
      '/records/shard-2/run.json',
      '-o',
      '/records/run.json',
    ]);
    expect(container.command[2]).toContain(
      'until [ -f /records/shard-0/run.json ] && [ -f /records/shard-1/run.json ' +
        '] && [ -f /records/shard-2/run.json ]; do sleep 5; done',
    );
  });

  it('uses an existing claim instead of creating one', () => {
    const docs = buildK8sManifests({
      scenarioFile: 's.yml',
      scenarioText: 'x',
      scenarioName: 's',
      shards: 2,
      image: 'i',
      namespace: 'n',
      startAtIso: '2026-11-28T08:00:00.000Z',
      toolVersion: '0.1.0',
      pvc: 'shared-nfs',
    }) as Doc[];
    expect(docs.map((d) => d['kind'])).toEqual(['ConfigMap', 'Job', 'Job']);
    expect(docs[1]!['spec'].template.spec.volumes[1].persistentVolumeClaim.claimName).toBe('shared-nfs');
    expect(docs[2]!['spec'].template.spec.volumes).toEqual([
      { name: 'records', persistentVolumeClaim: { claimName: 'shared-nfs' } },
    ]);
  });

  it('warns when the target is a loopback or demo target', async () => {
    const loop = await k8s(
      ['--shards', '2'],
      SCENARIO.replace('http://checkout.shop.svc.cluster.local:8080', 'http://127.0.0.1:3000'),
    );
    expect(loop.code).toBe(ExitCode.ok);
    expect(loop.err).toContain('warning: target.url http://127.0.0.1:3000 is a loopback address');
    const demo = await k8s(
      ['--shards', '2'],
      SCENARIO.replace('  url: http://checkout.shop.svc.cluster.local:8080', '  demo: { pool: 8, hold: 20ms }'),
    );
    expect(demo.err).toContain(
      'warning: the scenario uses target.demo: every shard pod would start its own demo target',
    );
  });

  it.each([
    [['--shards', '0'], 'capplan: --shards 0: expected a whole number of shards from 1 to 1000'],
    [['--shards', 'three'], 'capplan: --shards three: expected a whole number of shards from 1 to 1000'],
    [['--shards', '2', '--start-delay', 'soon'], 'capplan: --start-delay soon: expected a duration like 60s or 2m'],
  ])('rejects %j with one line and exit 2', async (args, line) => {
    const { code, out, err } = await k8s(args);
    expect(code).toBe(ExitCode.usage);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toBe(line);
  });

  it('rejects an invalid scenario with its problems and exit 2, printing no manifest', async () => {
    const { code, out, err } = await k8s(['--shards', '2'], SCENARIO.replace('model: closed', 'model: closd'));
    expect(code).toBe(ExitCode.usage);
    expect(out).toBe('');
    expect(err).toMatch(/sweep\.yml:\d+:\d+: /);
  });

  it('names resources within Kubernetes limits', () => {
    const name = k8sBaseName('A very long scenario name with Ünïcode & symbols!!', '2026-11-28T08:00:00.000Z');
    expect(name).toBe('capplan-a-very-long-scenario-20261128t0800');
    expect(`${name}-shards`.length).toBeLessThanOrEqual(52);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
