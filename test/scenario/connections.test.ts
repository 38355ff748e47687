import { describe, expect, it } from 'vitest';
import { FD_RESERVE, connectionLimitProblem, connectionsNeeded } from '../../src/scenario/connections.js';
import type { Scenario, Schedule } from '../../src/scenario/types.js';

function plan(
  model: 'closed' | 'open',
  peakLevel: number,
  maxInFlight = 10_000,
  timeoutMs = 2000,
): [Scenario, Schedule] {
  const scenario = { target: { timeoutMs }, load: { maxInFlight } } as Scenario;
  return [scenario, { model, peakLevel, phases: [], totalMs: 1000, sweep: undefined }];
}

describe('connectionsNeeded', () => {
  it('closed: one per virtual user; open: in flight, at most maxInFlight and rate × timeout; shards split it', () => {
    expect(connectionsNeeded(...plan('closed', 30_000))).toBe(30_000);
    expect(connectionsNeeded(...plan('closed', 30_000), 4)).toBe(7500);
    expect(connectionsNeeded(...plan('open', 600, 2000, 2000))).toBe(1200);
    expect(connectionsNeeded(...plan('open', 600, 500, 2000))).toBe(500);
    expect(connectionsNeeded(...plan('open', 1e9, 10_000, 2000), 3)).toBe(3334);
  });
});

describe('connectionLimitProblem', () => {
  it('refuses more connections than the fd limit allows, in one line naming both and the fix', () => {
    expect(connectionLimitProblem(30_000, { fdLimit: 1024 })).toBe(
      'needs 30000 connections; this process may open 1024: raise `ulimit -n` or use shards',
    );
    expect(connectionLimitProblem(1024 - FD_RESERVE, { fdLimit: 1024 })).toBeUndefined();
    expect(connectionLimitProblem(1024 - FD_RESERVE + 1, { fdLimit: 1024 })).toMatch(/^needs 961 connections/);
  });

  it('refuses more connections to one address than the ephemeral port range gives', () => {
    expect(connectionLimitProblem(30_000, { fdLimit: 1_048_576, portRange: [32768, 60999] })).toBe(
      'needs 30000 connections to one address; the ephemeral port range 32768-60999 gives 28232: ' +
        'widen net.ipv4.ip_local_port_range or use shards on several machines',
    );
    expect(connectionLimitProblem(28_232, { portRange: [32768, 60999] })).toBeUndefined();
  });

  it('does not check what it does not know', () => {
    expect(connectionLimitProblem(1e9, {})).toBeUndefined();
  });
});
