/**
 * The connection check of validate, inspect and run (issue #17 item 1): refuse, before any
 * traffic, a plan that needs more connections than this process may open.
 */
import { UsageError } from '../errors.js';
import { connectionLimitProblem, connectionsNeeded } from '../scenario/connections.js';
import type { Scenario, Schedule } from '../scenario/types.js';
import type { Io } from './io.js';
import { readConnectionLimits } from './limits.js';

/** The one-line problem, or undefined when the plan fits (`shards`: processes sharing the load). */
export function connectionProblem(io: Io, scenario: Scenario, schedule: Schedule, shards = 1): string | undefined {
  const limits = (io.connectionLimits ?? readConnectionLimits)();
  return connectionLimitProblem(connectionsNeeded(scenario, schedule, shards), limits);
}

/** Throws a UsageError (exit 2) naming the scenario when the plan does not fit. */
export function assertConnections(io: Io, scenario: Scenario, schedule: Schedule, shards = 1): void {
  const problem = connectionProblem(io, scenario, schedule, shards);
  if (problem !== undefined) throw new UsageError(`${scenario.file}: ${problem}`);
}
