/** Exit codes (DESIGN.md §3, a contract for users' CI scripts). */
import {
  CapplanError,
  InternalError,
  RecordError,
  RunAbortedError,
  ScenarioError,
  TargetUnreachableError,
  UsageError,
} from '../errors.js';

export const ExitCode = {
  ok: 0,
  /** A gate or SLO failed: valid results, the target fell short. */
  gateFailed: 1,
  /** Usage or scenario invalid: nothing was sent. */
  usage: 2,
  /** Run aborted: unreachable at preflight, safety stop, worker crash (partial record written). */
  aborted: 3,
  /** Results not trustworthy: the generator was saturated in the measured steps. */
  untrustworthy: 4,
  /** A capplan bug. */
  internal: 70,
  /** Interrupted by SIGINT/SIGTERM (partial record written). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof InternalError) return ExitCode.internal;
  if (error instanceof ScenarioError || error instanceof UsageError || error instanceof RecordError)
    return ExitCode.usage;
  if (error instanceof TargetUnreachableError || error instanceof RunAbortedError) return ExitCode.aborted;
  if (error instanceof CapplanError) return ExitCode.usage;
  return ExitCode.internal;
}
