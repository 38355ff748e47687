/**
 * Child processes a test started and must not leave behind: whether a pid still runs, the
 * machine's processes (Linux /proc), and the strays to kill after each test.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** True while `pid` exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** SIGKILLs every pid of `strays` still alive and empties the list (an afterEach). */
export function killStrays(strays: number[]): void {
  for (const pid of strays.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export type Proc = { pid: number; ppid: number; cmdline: string };

/** The pids in /proc now, as their folder names. */
function pidEntries(): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
}

/** Every process on the machine now, with its parent and its command line (arguments joined by spaces). */
export function processes(): Proc[] {
  const list: Proc[] = [];
  for (const entry of pidEntries()) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      list.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

/** Pids of live processes (zombies left out) whose environment holds `variable` (`NAME=value`). */
export function processesWithEnv(variable: string): number[] {
  return pidEntries()
    .filter((entry) => {
      try {
        const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
        return environ.includes(variable) && !/\) Z /.test(readFileSync(`/proc/${entry}/stat`, 'latin1'));
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}
