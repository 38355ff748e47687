/**
 * The one builder of a shard's `capplan` arguments. Local multi-process runs and the
 * Kubernetes manifest both call it, so shard i of n runs the same command wherever it runs.
 */

/** A literal shard index, or a placeholder the orchestrator expands (Kubernetes `$(VAR)`). */
export type ShardIndexArg = number | `$(${string})`;

/** Kubernetes expands this in container args to the pod's 0-based completion index. */
export const K8S_COMPLETION_INDEX = '$(JOB_COMPLETION_INDEX)' as const;

/**
 * Arguments after `capplan` for shard `index` of `count`: run the scenario's share, start at
 * `startAtIso`, write only run.json into `outDir` (the merge renders the reports), over
 * what a failed earlier attempt of the same shard left there (`--force`: a Job's retry).
 *
 *   shardRunArgs('s.yml', 1, 3, '2026-11-28T08:00:00.000Z', 'out/shard-1')
 *   -> ['run', 's.yml', '--shard', '1/3', '--start-at', '2026-11-28T08:00:00.000Z', '--out', 'out/shard-1',
 *       '--format', 'json', '--force']
 */
export function shardRunArgs(
  scenarioPath: string,
  index: ShardIndexArg,
  count: number,
  startAtIso: string,
  outDir: string,
): string[] {
  return [
    'run',
    scenarioPath,
    '--shard',
    `${index}/${count}`,
    '--start-at',
    startAtIso,
    '--out',
    outDir,
    '--format',
    'json',
    '--force',
  ];
}

/** The folder shard `index` writes to under `root` (`root/shard-<index>`). */
export function shardOutDir(root: string, index: ShardIndexArg): string {
  return `${root.replace(/\/+$/, '')}/shard-${index}`;
}

/**
 * The arguments of every shard of a local multi-process run (`--processes n`, and the e2e
 * test): shard i writes to `outRoot/shard-i`, exactly as pod i of the Kubernetes Job does.
 */
export function localShardRunArgs(
  scenarioPath: string,
  count: number,
  startAtIso: string,
  outRoot: string,
): string[][] {
  return Array.from({ length: count }, (_, i) =>
    shardRunArgs(scenarioPath, i, count, startAtIso, shardOutDir(outRoot, i)),
  );
}
