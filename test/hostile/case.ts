/** The shape of one hostile case: what to set up, what to run, and what must come out. */
import type { HostileServer } from './targets.js';
import type { Outcome, RunOptions } from '../helpers/hostile-harness.js';

export type Ctx = {
  /** A fresh temporary folder: the run's cwd. */
  dir: string;
  /** Keeps a server for closing after the case. */
  keep: (server: HostileServer) => HostileServer;
  /** Writes a file under dir; returns its path. */
  write: (name: string, content: string | Buffer) => string;
};

/** `Expect.code` for a case whose exit code `also` checks itself (or a process killed by a signal). */
export const ANY_CODE = -1;

export type Expect = {
  /** The exit code, or ANY_CODE. */
  code: number;
  /** The first stderr line (progress and warnings skipped); '' = nothing on stderr. */
  first: RegExp | '';
  /** Where the run record must be (relative to dir), or null when none is promised. */
  record: string | null;
  /** Case-specific checks (what the target saw, what stdout says, ...). */
  also?: (outcome: Outcome, ctx: Ctx) => void | Promise<void>;
};

export type Plan = Omit<RunOptions, 'cwd'> & { args: string[]; expect: Expect };

export type Case = {
  /** Short name for the table. */
  name: string;
  /** Issue #17 item (or "passes" for the cases that already passed). */
  item: string;
  setup: (ctx: Ctx) => Promise<Plan>;
};
