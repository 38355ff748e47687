/**
 * Can this process open the connections a scenario needs? (pure; issue #17 item 1). Every
 * virtual user (closed model) and every request in flight (open model) holds its own
 * connection, so a plan beyond the file-descriptor limit or the ephemeral port range cannot
 * run as planned: it would fail with EMFILE or stall, and record a silently wrong run.
 * The limits are read by cli/ (`ulimit -n`, /proc/sys/net/ipv4/ip_local_port_range) and
 * passed in; an unknown limit is not checked.
 */
import type { Scenario, Schedule } from './types.js';

/** What the process may open (undefined: unknown, not checked). */
export type ConnectionLimits = {
  /** Soft limit on open file descriptors (`ulimit -n`). */
  fdLimit?: number;
  /** Ephemeral ports for outgoing connections, [low, high]. */
  portRange?: [number, number];
};

/** Descriptors the process keeps for itself: stdio, worker pipes, files, probes. */
export const FD_RESERVE = 64;

/**
 * Connections the scenario needs at its peak, per process: closed, one per virtual user;
 * open, one per request in flight, at most maxInFlight and at most peak rate × timeout
 * (no request stays longer). A shard needs its share.
 */
export function connectionsNeeded(scenario: Scenario, schedule: Schedule, shards = 1): number {
  if (schedule.model === 'closed') return Math.ceil(schedule.peakLevel / shards);
  const byTimeout = Math.ceil((schedule.peakLevel * scenario.target.timeoutMs) / 1000);
  return Math.ceil(Math.min(scenario.load.maxInFlight, byTimeout) / shards);
}

/** The one line that refuses a plan this process cannot open, or undefined when it fits. */
export function connectionLimitProblem(needed: number, limits: ConnectionLimits): string | undefined {
  const { fdLimit, portRange } = limits;
  if (fdLimit !== undefined && needed + FD_RESERVE > fdLimit) {
    return `needs ${needed} connections; this process may open ${fdLimit}: raise \`ulimit -n\` or use shards`;
  }
  if (portRange !== undefined) {
    const ports = portRange[1] - portRange[0] + 1;
    if (ports > 0 && needed > ports) {
      return (
        `needs ${needed} connections to one address; ` +
        `the ephemeral port range ${portRange[0]}-${portRange[1]} gives ${ports}: ` +
        'widen net.ipv4.ip_local_port_range or use shards on several machines'
      );
    }
  }
  return undefined;
}
