/**
 * Finds an embedded PostgreSQL and what it leaves behind (Linux /proc): the data directory
 * of the server started under a given process, its server processes.
 */
import { EMBEDDED_DIR_PREFIX } from '../../src/target/embedded-postgres-dir.js';
import { processes } from './processes.js';

/**
 * Names of the embedded data directories whose server runs under `ancestorPid` (capplan or
 * a test process): its embedded-postgres-main.js child, then that child's `postgres -D DIR`.
 * Other runs on the same machine have their own directories; these are ours.
 */
export function embeddedDirsUnder(ancestorPid: number): string[] {
  const all = processes();
  const ours = all.filter((p) => p.ppid === ancestorPid && p.cmdline.includes('embedded-postgres-main.js'));
  const supervisors = new Set(ours.map((p) => p.pid));
  const pattern = new RegExp(`-D \\S*/(${EMBEDDED_DIR_PREFIX}\\w+)`);
  return all.filter((p) => supervisors.has(p.ppid)).flatMap((p) => pattern.exec(p.cmdline)?.[1] ?? []);
}

/** Pids of processes whose command line names the directory `name`: the server and its workers. */
export function postgresServersIn(name: string): number[] {
  return processes()
    .filter((p) => p.cmdline.includes(name))
    .map((p) => p.pid);
}
