/**
 * Runs the built capplan binary as a hostile-but-honest user would, bounded in time: a
 * tagged environment lets the suite find every process the run left behind (the demo target
 * included), and each outcome is kept so the suite can print its table of cases.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { processesWithEnv } from './processes.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
/** The binary under test: the build of this tree, or CAPPLAN_BIN (e.g. another build, for a before/after table). */
export const BIN = process.env['CAPPLAN_BIN'] ?? join(ROOT, 'dist/cli/main.js');
const TAG_VAR = 'CAPPLAN_HOSTILE_TAG';

export type Outcome = {
  /** Exit code, or null when killed by a signal / by the harness deadline. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The first stderr line that is not a progress or warning line. */
  firstLine: string;
  timedOut: boolean;
  ms: number;
  tag: string;
  pid: number;
};

export type RunOptions = {
  cwd: string;
  env?: Record<string, string>;
  /** Harness deadline: the process is SIGKILLed after this (default 15 s). */
  timeoutMs?: number;
  /** Called with the child once spawned (signals, kill -9, killing the demo target). */
  during?: (child: {
    pid: number;
    tag: string;
    kill: (s: NodeJS.Signals) => void;
    stderr: () => string;
  }) => Promise<void>;
};

/** Runs `capplan ...args` and waits for it to end (or kills it at the deadline). */
export async function capplan(args: readonly string[], options: RunOptions): Promise<Outcome> {
  const tag = randomUUID();
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...options.env, [TAG_VAR]: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 15_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  if (options.during !== undefined) {
    await options.during({ pid: child.pid ?? -1, tag, kill: (s) => child.kill(s), stderr: () => stderr });
  }
  const { code, signal } = await exited;
  clearTimeout(timer);
  return {
    code,
    signal,
    stdout,
    stderr,
    firstLine: firstLine(stderr),
    timedOut,
    ms: Date.now() - started,
    tag,
    pid: child.pid ?? -1,
  };
}

function firstLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning: '));
  return lines.find((l) => !/^[cr]=\S+ · /.test(l)) ?? '';
}

/** Pids of live processes whose environment carries `tag` (the run's leftovers). */
export function processesTagged(tag: string): number[] {
  return processesWithEnv(`${TAG_VAR}=${tag}`);
}

/** Leftovers after a short grace period (a child notices its parent's death asynchronously). */
export async function leftovers(tag: string, graceMs = 3000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  let pids = processesTagged(tag);
  while (pids.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    pids = processesTagged(tag);
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}

/** Polls `predicate` every 25 ms up to `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
