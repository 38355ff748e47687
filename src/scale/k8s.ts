/**
 * Kubernetes manifests for a sharded run (pure): a ConfigMap with the scenario, a
 * PersistentVolumeClaim for the records (unless an existing claim is named), an Indexed Job
 * whose pod k runs shard k/n, and a merge Job. Kubernetes is the orchestrator; capplan only
 * says what to run (DESIGN.md §10).
 *
 *   ConfigMap <base>-scenario ──► /scenario/<file>       (read-only, every pod)
 *   Job <base>-shards  pod k:  capplan run … --shard k/n ──► /records/shard-k/run.json
 *   Job <base>-merge:  waits for n run.json, capplan merge … -o /records/run.json
 */
import { stringify } from 'yaml';
import { K8S_COMPLETION_INDEX, shardOutDir, shardRunArgs, type ShardIndexArg } from './run-args.js';

export type K8sOptions = {
  /** File name of the scenario inside the ConfigMap (a base name: `spike.yml`). */
  scenarioFile: string;
  scenarioText: string;
  scenarioName: string;
  shards: number;
  image: string;
  namespace: string;
  /** When the shards start, ISO-8601 UTC (`--start-at`). */
  startAtIso: string;
  /** capplan version the pods run (`npx capplan@<version>`). */
  toolVersion: string;
  /** An existing ReadWriteMany claim for the records; default: one is created. */
  pvc?: string | undefined;
  /** Size of the created claim (default 1Gi). */
  storage?: string | undefined;
  /** Kill the Jobs after this long (s): start delay + planned run time + margin. */
  activeDeadlineSec?: number | undefined;
};

export const SCENARIO_DIR = '/scenario';
export const RECORDS_DIR = '/records';

type Manifest = Record<string, unknown>;

/** The resource names, derived from the scenario name and the start time (unique per run). */
export function k8sBaseName(scenarioName: string, startAtIso: string): string {
  const slug = scenarioName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 20)
    .replace(/-+$/, '');
  const stamp = startAtIso.replace(/[-:]/g, '').slice(0, 13).toLowerCase();
  return ['capplan', slug, stamp].filter((part) => part !== '').join('-');
}

/** The path shard `index` (or the Kubernetes placeholder) writes its record to. */
export function shardRecordPath(index: ShardIndexArg): string {
  return `${shardOutDir(RECORDS_DIR, index)}/run.json`;
}

/** The `capplan` arguments of the merge step: every shard's record, in index order. */
export function shardMergeArgs(count: number): string[] {
  const files = Array.from({ length: count }, (_, i) => shardRecordPath(i));
  return ['merge', ...files, '-o', `${RECORDS_DIR}/run.json`];
}

/** The manifests as objects, in apply order. */
export function buildK8sManifests(options: K8sOptions): Manifest[] {
  const base = k8sBaseName(options.scenarioName, options.startAtIso);
  const labels = { 'app.kubernetes.io/name': 'capplan', 'app.kubernetes.io/instance': base };
  const meta = (name: string): Manifest => ({ name, namespace: options.namespace, labels });
  const claim = options.pvc ?? `${base}-records`;
  const manifests: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${base}-scenario`),
      data: { [options.scenarioFile]: options.scenarioText },
    },
  ];
  if (options.pvc === undefined) {
    manifests.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(claim),
      // Every shard pod writes to it at once, possibly from different nodes: ReadWriteMany.
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: options.storage ?? '1Gi' } } },
    });
  }
  const volumes = [
    { name: 'scenario', configMap: { name: `${base}-scenario` } },
    { name: 'records', persistentVolumeClaim: { claimName: claim } },
  ];
  manifests.push(shardJob(options, labels, meta(`${base}-shards`), volumes));
  manifests.push(mergeJob(options, labels, meta(`${base}-merge`), volumes));
  return manifests;
}

/**
 * Exit 1 (an SLO failed) and 4 (generator saturated) are valid results: the shard's record
 * is written and the merge decides. Mapping them to 0 keeps one shard's verdict from failing
 * the Job, which would make Kubernetes stop the shards still running.
 */
const SHARD_SCRIPT =
  'npx --yes "capplan@$CAPPLAN_VERSION" "$@"; code=$?; case $code in 1|4) exit 0;; *) exit $code;; esac';

/** A shard's container: runs its slice of the scenario and writes its record to the shared volume. */
function shardContainer(options: K8sOptions): Manifest {
  const index = K8S_COMPLETION_INDEX;
  return {
    name: 'capplan',
    image: options.image,
    command: ['sh', '-c', SHARD_SCRIPT, 'capplan-shard'],
    args: shardRunArgs(
      `${SCENARIO_DIR}/${options.scenarioFile}`,
      index,
      options.shards,
      options.startAtIso,
      shardOutDir(RECORDS_DIR, index),
    ),
    env: [
      // Declared so `$(JOB_COMPLETION_INDEX)` in args expands on every Kubernetes version.
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
      },
      { name: 'CAPPLAN_VERSION', value: options.toolVersion },
      { name: 'NO_COLOR', value: '1' },
    ],
    resources: { requests: { cpu: '1', memory: '512Mi' } },
    volumeMounts: [
      { name: 'scenario', mountPath: SCENARIO_DIR, readOnly: true },
      { name: 'records', mountPath: RECORDS_DIR },
    ],
  };
}

function shardJob(options: K8sOptions, labels: Manifest, metadata: Manifest, volumes: Manifest[]): Manifest {
  const podLabels = { ...labels, 'app.kubernetes.io/component': 'shard' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      completionMode: 'Indexed',
      completions: options.shards,
      parallelism: options.shards,
      // A retried shard would start after --start-at, out of step with the others.
      backoffLimit: 0,
      ...deadline(options),
      template: {
        metadata: { labels: podLabels },
        spec: {
          restartPolicy: 'Never',
          // Spread shards over nodes: the point of scaling out is more machines.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: podLabels },
            },
          ],
          containers: [shardContainer(options)],
          volumes,
        },
      },
    },
  };
}

function mergeJob(options: K8sOptions, labels: Manifest, metadata: Manifest, volumes: Manifest[]): Manifest {
  const waitFor = Array.from({ length: options.shards }, (_, i) => `[ -f ${shardRecordPath(i)} ]`).join(' && ');
  const script = [`until ${waitFor}; do sleep 5; done`, 'exec npx --yes "capplan@$CAPPLAN_VERSION" "$@"'].join('; ');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 0,
      ...deadline(options),
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'merge' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'merge',
              image: options.image,
              // Waits until every shard has written its record (written atomically at the end of a run).
              command: ['sh', '-c', script, 'capplan-merge'],
              args: shardMergeArgs(options.shards),
              env: [
                { name: 'CAPPLAN_VERSION', value: options.toolVersion },
                { name: 'NO_COLOR', value: '1' },
              ],
              volumeMounts: [{ name: 'records', mountPath: RECORDS_DIR }],
            },
          ],
          volumes: volumes.filter((v) => v['name'] === 'records'),
        },
      },
    },
  };
}

function deadline(options: K8sOptions): Manifest {
  return options.activeDeadlineSec === undefined ? {} : { activeDeadlineSeconds: Math.ceil(options.activeDeadlineSec) };
}

/** The manifests as one multi-document YAML stream, for `kubectl apply -f -`. */
export function renderK8sManifests(options: K8sOptions): string {
  const header =
    `# capplan ${options.toolVersion}: ${options.shards} shards of ${JSON.stringify(options.scenarioName)}, ` +
    `starting together at ${options.startAtIso}\n`;
  return (
    header +
    buildK8sManifests(options)
      .map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false }))
      .join('---\n')
  );
}
