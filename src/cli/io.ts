/**
 * Everything a command may touch of the outside world, injected so commands run in-process
 * in tests (CONVENTIONS.md §3.2). `nodeIo()` is the real process.
 */
import type { ConnectionLimits } from '../scenario/connections.js';

export type Io = {
  /** The product: the summary, or exactly one JSON document. */
  readonly stdout: NodeJS.WritableStream;
  /** Progress, warnings, errors. */
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal: progress may redraw one line. */
  readonly isTTY: boolean;
  /** Colour allowed (a TTY without NO_COLOR, or FORCE_COLOR). */
  readonly color: boolean;
  readonly cwd: string;
  /** Terminal width in columns (80 without a TTY). */
  readonly columns: number;
  readonly now: () => number;
  /** SIGINT/SIGTERM: returns an unsubscribe. */
  readonly onInterrupt: (handler: () => void) => () => void;
  /** What this process may open (fd limit, port range); default: read from the system (cli/limits.ts). */
  readonly connectionLimits?: () => ConnectionLimits;
};

export function colorAllowed(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return isTTY;
}

export function nodeIo(): Io {
  const isTTY = Boolean(process.stderr.isTTY);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY,
    color: colorAllowed(process.env, Boolean(process.stdout.isTTY)),
    cwd: process.cwd(),
    columns: process.stdout.columns ?? 80,
    now: () => Date.now(),
    onInterrupt: (handler) => {
      const listener = (): void => handler();
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
