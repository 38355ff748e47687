/**
 * An in-memory Io for running commands in-process: captures stdout/stderr as text and
 * lets a test deliver an interrupt (Ctrl-C) when it chooses.
 */
import { PassThrough } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import type { ConnectionLimits } from '../../src/scenario/connections.js';

export type FakeIo = Io & {
  out: () => string;
  err: () => string;
  interrupt: () => void;
};

export function fakeIo(
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    isTTY?: boolean;
    color?: boolean;
    /** What the process may open (default: the real limits of this machine). */
    connectionLimits?: ConnectionLimits;
  } = {},
): FakeIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  const handlers = new Set<() => void>();
  return {
    stdout,
    stderr,
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    color: options.color ?? false,
    cwd: options.cwd ?? process.cwd(),
    columns: 100,
    now: () => Date.now(),
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    ...(options.connectionLimits === undefined ? {} : { connectionLimits: () => options.connectionLimits! }),
    out: () => Buffer.concat(outChunks).toString('utf8'),
    err: () => Buffer.concat(errChunks).toString('utf8'),
    interrupt: () => {
      for (const h of [...handlers]) h();
    },
  };
}
