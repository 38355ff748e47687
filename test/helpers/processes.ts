/**
 * Child processes a test started and must not leave behind: whether a pid still runs, and
 * the strays to kill after each test.
 */

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
