/**
 * The machine checks of `capplan doctor`, one function each. A check never throws: it returns
 * its status and one line saying what it found and, when it did not pass, what to fix.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { defaultWorkerCount } from '../../engine/worker-pool.js';
import { startEmbeddedPostgres } from '../../target/embedded-postgres.js';
import { launchChromium } from './browser.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckResult = {
  name: string;
  status: CheckStatus;
  /** What was found, and for warn/fail what to do. One line. */
  detail: string;
};

type Env = Readonly<Record<string, string | undefined>>;

export const MIN_NODE = '20.18.1';

export function checkNode(version: string): CheckResult {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor = 0, minMinor = 0, minPatch = 0] = MIN_NODE.split('.').map(Number);
  const fine = major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
  return fine
    ? { name: 'node', status: 'ok', detail: `Node ${version} (needs ${MIN_NODE} or later)` }
    : { name: 'node', status: 'fail', detail: `Node ${version} is too old: install Node ${MIN_NODE} or later (e.g. nvm install 20)` };
}

export function checkLoopbackPort(): Promise<CheckResult> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ name: 'loopback', status: 'fail', detail: `cannot listen on 127.0.0.1 (${error.code ?? error.message}): the demo target and tests need the loopback interface` });
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve({ name: 'loopback', status: 'ok', detail: `127.0.0.1 accepts a listener (free port ${port})` }));
    });
  });
}

/** Starts and stops a real embedded PostgreSQL. */
export async function checkEmbeddedPostgres(env: Env, timeoutMs: number): Promise<CheckResult> {
  const startedAtMs = Date.now();
  try {
    const server = await startEmbeddedPostgres({ env, startTimeoutMs: timeoutMs });
    await server.stop();
    const seconds = ((Date.now() - startedAtMs) / 1000).toFixed(1);
    return { name: 'postgres', status: 'ok', detail: `embedded PostgreSQL ${server.version} started and stopped in ${seconds} s` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = 'as root the server runs as the OS user `postgres`, which must be able to read node_modules (not under a mode-700 /root) and write the temp dir';
    return { name: 'postgres', status: 'fail', detail: `${reason}; ${fix}; or set CAPPLAN_DATABASE_URL to a server of yours` };
  }
}

/** Launches and closes headless Chromium: optional, only the tests and docs/report.png use it. */
export async function checkChromium(env: Env, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no browser within ${timeoutMs} ms`)), timeoutMs);
  });
  const launching = launchChromium(env);
  try {
    const browser = await Promise.race([launching, timeout]);
    const version = browser.version();
    await browser.close();
    return { name: 'chromium', status: 'ok', detail: `headless Chromium ${version} launches (only the tests and docs/report.png need it)` };
  } catch (error) {
    void launching.then((b) => b.close(), () => undefined);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { name: 'chromium', status: 'warn', detail: `${reason}; only the tests and docs/report.png need it: run \`npm ci\` or set CHROMIUM_PATH` };
  } finally {
    clearTimeout(timer);
  }
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

export function checkFileLimit(limit: number | undefined, need: { connections: number; what: string } | undefined): CheckResult {
  if (limit === undefined) return { name: 'files', status: 'warn', detail: 'could not read the open-file limit (ulimit -n)' };
  const shown = limit === Infinity ? 'unlimited' : String(limit);
  if (need === undefined) return { name: 'files', status: 'ok', detail: `open-file limit ${shown} (give a scenario to compare with its connections)` };
  const needed = need.connections + SPARE_FILES;
  if (limit >= needed) return { name: 'files', status: 'ok', detail: `open-file limit ${shown} ≥ ${needed} (${need.what}: ${need.connections} connections + ${SPARE_FILES} spare)` };
  return { name: 'files', status: 'fail', detail: `open-file limit ${shown} < ${needed} (${need.what}: ${need.connections} connections + ${SPARE_FILES} spare): run \`ulimit -n ${needed}\` first` };
}

export function checkCpus(cores: number = availableParallelism(), workers?: number): CheckResult {
  const chosen = workers ?? defaultWorkerCount(cores);
  const basis = workers === undefined ? 'by default (cores - 1, at most 4)' : 'as asked';
  if (cores < 2) {
    return { name: 'cpus', status: 'warn', detail: `1 CPU: the load generator shares it with the target; expect windows flagged generator-saturated (use 2+ cores)` };
  }
  if (chosen > cores - 1) {
    return { name: 'cpus', status: 'warn', detail: `${cores} CPUs, ${chosen} worker threads ${basis}: leave a core for the coordinator and the demo target (--workers ${cores - 1})` };
  }
  return { name: 'cpus', status: 'ok', detail: `${cores} CPUs: ${chosen} worker thread${chosen === 1 ? '' : 's'} ${basis}` };
}
