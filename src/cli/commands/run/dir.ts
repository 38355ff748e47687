/**
 * The output folder of a run, settled before any traffic: created (without Node's recursive
 * mkdir, which spins forever under /proc), proven writable with a probe file, unique for the
 * default `reports/<name>-<stamp>` (a counter when two runs start in the same second), and
 * never a folder that already holds a run unless --force. A folder that fails at the end
 * anyway gets a fallback under the system temp folder, so the record is not lost.
 */
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { UsageError } from '../../../errors.js';
import { REPORT_FILE_NAMES } from '../../../report/index.js';

/** Files whose presence means a folder already holds a run (or a gate's runs). */
const WRITABLE_HINT = 'choose a writable folder with --out';
const RUN_FILES = [...Object.values(REPORT_FILE_NAMES), 'gate.md', 'gate-junit.xml'];

/** Why a file-system call failed, in words (the errno code in brackets). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words: Record<string, string> = {
    ENOENT: 'a parent folder cannot be created',
    ENOTDIR: 'a parent is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'it exists and is not a folder',
  };
  return code === undefined ? String(error) : `${words[code] ?? 'cannot write there'} (${code})`;
}

/**
 * mkdir -p, one level at a time from the deepest existing ancestor; returns the folders it created. A folder that
 * another process made meanwhile (shards started together share their parent) is fine: it is not ours to remove.
 * `mkdir` is Node's mkdirSync; a test passes one that loses that race on purpose.
 */
export function makeFolders(dir: string, mkdir: (path: string) => void = mkdirSync): string[] {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdir(folder);
      created.push(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  return created;
}

/** Writes and removes a probe file: the folder takes files, now. */
function probe(dir: string): void {
  const path = join(dir, `.capplan-probe-${process.pid}`);
  writeFileSync(path, 'probe\n');
  rmSync(path, { force: true });
}

export type RunDirRequest = { cwd: string; dir: string; explicit: boolean; force: boolean };

/** The run folder and the folders made for it (removed again if the run writes nothing). */
export type RunDir = { dir: string; created: string[] };

/** Creates and checks the run folder, or throws a one-line UsageError (exit 2, nothing sent). */
export function prepareRunDir(request: RunDirRequest): RunDir {
  const shown = relative(request.cwd, request.dir) || request.dir;
  const created: string[] = [];
  const dir = request.explicit ? request.dir : uniqueDir(request.dir, shown, created);
  try {
    created.push(...makeFolders(dir));
    probe(dir);
  } catch (error) {
    throw new UsageError(`cannot write to ${shown.startsWith('..') ? request.dir : shown}: ${fsReason(error)}`, {
      hint: WRITABLE_HINT,
    });
  }
  const taken = RUN_FILES.filter((name) => existsSync(join(dir, name)));
  if (request.explicit && !request.force && taken.length > 0) {
    throw new UsageError(`${shown} already holds a run (${taken.join(', ')})`, {
      hint: 'choose another --out, or add --force to overwrite it',
    });
  }
  return { dir, created };
}

/** Removes the folders `prepareRunDir` made, if they are still empty (a run that wrote nothing). */
export function discardRunDir(runDir: RunDir): void {
  for (const folder of [...runDir.created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty: something was written, keep it
    }
  }
}

/** `base`, or `base-2`, `base-3`...: the first that this process creates itself (mkdir is atomic). */
function uniqueDir(base: string, shown: string, created: string[]): string {
  try {
    created.push(...makeFolders(dirname(base)));
  } catch (error) {
    throw new UsageError(`cannot write to ${shown}: ${fsReason(error)}`, { hint: WRITABLE_HINT });
  }
  for (let n = 1; n < 1000; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      created.push(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return dir;
    }
  }
  return `${base}-${process.pid}`;
}

/** A fresh folder under the system temp folder, for a record the run folder refused at the end. */
export function fallbackRunDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `capplan-${name}-`));
}
