/**
 * The machine checks of `capplan doctor` that need no server: Node, loopback, open files,
 * CPUs. A check never throws: it returns its status and one line saying what it found and,
 * when it did not pass, what to fix.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { defaultWorkerCount } from '../../engine/worker-pool.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckResult = {
  name: string;
  status: CheckStatus;
  /** What was found, and for warn/fail what to do. One line. */
  detail: string;
};

export const MIN_NODE = '20.18.1';

export function checkNode(version: string): CheckResult {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor = 0, minMinor = 0, minPatch = 0] = MIN_NODE.split('.').map(Number);
  const fine = major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
  if (fine) return { name: 'node', status: 'ok', detail: `Node ${version} (needs ${MIN_NODE} or later)` };
  const detail = `Node ${version} is too old: install Node ${MIN_NODE} or later (e.g. nvm install 20)`;
  return { name: 'node', status: 'fail', detail };
}

export function checkLoopbackPort(): Promise<CheckResult> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      const detail = `cannot listen on 127.0.0.1 (${code}): the demo target and tests need loopback`;
      resolve({ name: 'loopback', status: 'fail', detail });
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const detail = `127.0.0.1 accepts a listener (free port ${port})`;
      server.close(() => resolve({ name: 'loopback', status: 'ok', detail }));
    });
  });
}

/** The soft open-file limit: /proc/self/limits, else a shell's `ulimit -n`; undefined if unknown. */
export async function openFileLimit(): Promise<number | undefined> {
  try {
    const limits = await readFile('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
    if (soft !== undefined) return soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    // not Linux: ask a shell
  }
  return new Promise((resolve) => {
    execFile('sh', ['-c', 'ulimit -n'], (error, stdout) => {
      const text = stdout.trim();
      resolve(error !== null ? undefined : text === 'unlimited' ? Infinity : Number(text) || undefined);
    });
  });
}

/** Sockets beside the connections: the record, reports, probes, worker pipes. */
const SPARE_FILES = 128;

/** What a scenario needs: its peak connections, and its name for the message. */
export type FileNeed = { connections: number; what: string };

export function checkFileLimit(limit: number | undefined, need: FileNeed | undefined): CheckResult {
  const name = 'files';
  if (limit === undefined) return { name, status: 'warn', detail: 'could not read the open-file limit (ulimit -n)' };
  const shown = limit === Infinity ? 'unlimited' : String(limit);
  if (need === undefined) {
    return { name, status: 'ok', detail: `open-file limit ${shown} (give a scenario to compare with its connections)` };
  }
  const needed = need.connections + SPARE_FILES;
  const basis = `(${need.what}: ${need.connections} connections + ${SPARE_FILES} spare)`;
  if (limit >= needed) return { name, status: 'ok', detail: `open-file limit ${shown} ≥ ${needed} ${basis}` };
  const fix = `run \`ulimit -n ${needed}\` first`;
  return { name, status: 'fail', detail: `open-file limit ${shown} < ${needed} ${basis}: ${fix}` };
}

export function checkCpus(cores: number = availableParallelism(), workers?: number): CheckResult {
  const chosen = workers ?? defaultWorkerCount(cores);
  const basis = workers === undefined ? 'by default (cores - 1, at most 4)' : 'as asked';
  if (cores < 2) {
    const detail = '1 CPU: the load generator shares it with the target; expect windows flagged generator-saturated';
    return { name: 'cpus', status: 'warn', detail: `${detail} (use 2+ cores)` };
  }
  if (chosen > cores - 1) {
    const detail = `${cores} CPUs, ${chosen} worker threads ${basis}`;
    const fix = `leave a core for the coordinator and the target (--workers ${cores - 1})`;
    return { name: 'cpus', status: 'warn', detail: `${detail}: ${fix}` };
  }
  const threads = `${chosen} worker thread${chosen === 1 ? '' : 's'}`;
  return { name: 'cpus', status: 'ok', detail: `${cores} CPUs: ${threads} ${basis}` };
}
