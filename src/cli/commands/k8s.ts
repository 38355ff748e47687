/**
 * `capplan k8s <scenario.yml> --shards N [--image I] [--namespace NS] [--start-delay 60s]`:
 * prints (stdout) the Kubernetes manifests of a sharded run (scale/k8s.ts). The scenario is
 * loaded only to validate it and to embed its text; the start time is now + start delay.
 */
import { basename } from 'node:path';
import { UsageError } from '../../errors.js';
import { renderK8sManifests } from '../../scale/k8s.js';
import { MAX_SHARDS } from '../../scale/shard.js';
import { parseDurationMs } from '../../scenario/duration.js';
import { loadScenario, readScenarioText } from '../../scenario/load.js';
import { buildSchedule } from '../../scenario/schedule.js';
import type { Scenario } from '../../scenario/types.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';
import { TOOL_VERSION } from '../version.js';

/** What commander hands over for the options k8s-command.ts declares. */
export type K8sFlags = { shards: string; image: string; namespace: string; startDelay: string; pvc?: string };

/** Margin on top of start delay + planned run time before Kubernetes stops the Jobs. */
const DEADLINE_MARGIN_MS = 15 * 60_000;

export type K8sOptions = { shards: number; startDelayMs: number; image: string; namespace: string; pvc?: string };

export function k8sOptions(flags: K8sFlags): K8sOptions {
  const shards = parseShardCount(flags.shards);
  const startDelayMs = parseStartDelay(flags.startDelay);
  const pvc = flags.pvc !== undefined && flags.pvc !== '' ? flags.pvc : undefined;
  return {
    shards,
    startDelayMs,
    image: stringOption(flags.image, 'node:20-bookworm-slim'),
    namespace: stringOption(flags.namespace, 'default'),
    ...(pvc === undefined ? {} : { pvc }),
  };
}

export async function k8sCommand(file: string, options: K8sOptions, io: Io): Promise<number> {
  const { shards, startDelayMs } = options;
  const scenario = await loadScenario(file, { env: io.env, cwd: io.cwd });
  const text = await readScenarioText(file, io.cwd);
  // Whole seconds: the start time is read by people, in logs and in the manifest.
  const startAtMs = Math.ceil((io.now() + startDelayMs) / 1000) * 1000;
  const startAtIso = new Date(startAtMs).toISOString();
  io.stdout.write(
    renderK8sManifests({
      scenarioFile: basename(file),
      scenarioText: text,
      scenarioName: scenario.name,
      shards,
      image: options.image,
      namespace: options.namespace,
      startAtIso,
      toolVersion: TOOL_VERSION,
      pvc: options.pvc,
      activeDeadlineSec: deadlineSec(scenario, startDelayMs),
    }),
  );
  for (const warning of [...targetWarnings(scenario), ...sweepWarnings(scenario)])
    io.stderr.write(`warning: ${warning}\n`);
  io.stderr.write(
    `${shards} shards start together at ${startAtIso}: apply within ${Math.round(startDelayMs / 1000)} s, ` +
      `e.g. \`capplan k8s ${file} --shards ${shards} | kubectl apply -f -\`\n`,
  );
  return ExitCode.ok;
}

function parseShardCount(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new UsageError(`--shards ${text}: expected a whole number of shards from 1 to ${MAX_SHARDS}`);
  }
  return n;
}

function parseStartDelay(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new UsageError(`--start-delay ${text}: expected a duration like 60s or 2m`);
  return ms;
}

function stringOption(value: string, fallback: string): string {
  return value.trim() !== '' ? value : fallback;
}

/** Start delay + the planned schedule + a margin, in s; no deadline when the plan is open-ended. */
function deadlineSec(scenario: Scenario, startDelayMs: number): number | undefined {
  const totalMs = buildSchedule(scenario).totalMs;
  return Number.isFinite(totalMs) && totalMs > 0 ? (startDelayMs + totalMs + DEADLINE_MARGIN_MS) / 1000 : undefined;
}

/** A shard pod's loopback is not the service: say so before anyone applies the manifest. */
function targetWarnings(scenario: Scenario): string[] {
  if (scenario.target.demo !== undefined) {
    return [
      'the scenario uses target.demo: every shard pod would start its own demo target; ' +
        'set target.url to the service under test',
    ];
  }
  const url = scenario.target.url ?? '';
  if (/^\w+:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(url)) {
    return [
      `target.url ${url} is a loopback address: inside a pod it is the pod itself; use the service's cluster address`,
    ];
  }
  return [];
}

/** Levels a sweep decides at run time would be decided by each shard on its own share. */
function sweepWarnings(scenario: Scenario): string[] {
  const sweep = scenario.load.sweep;
  if (sweep === undefined || (sweep.refine === 0 && !sweep.stopAfterKnee)) return [];
  return [
    'the sweep has refine or stopAfterKnee: shards run the planned ' +
      'levels only (each would decide those levels on its own share)',
  ];
}
