/**
 * The plans most hostile cases share: one small run of load.yml against one target, and the
 * two ways such a run may end (refused before any load, or a readable record).
 */
import type { Ctx, Expect, Plan } from './case.js';
import { scenarioText } from './scenarios.js';
import { httpTarget, plain, type HostileServer } from './targets.js';

/** `capplan run load.yml` with one worker, no progress, the record in out/. */
export const RUN = ['run', 'load.yml', '--workers', '1', '--no-progress', '--out', 'out'];

/** A target that answers every request 200 "ok". */
export async function okTarget(): Promise<HostileServer> {
  return httpTarget((res) => plain(res, 200, 'ok'));
}

/** The run stops before any load with exit 3, naming the target's fault on the first stderr line; no record. */
export function refused(first: RegExp): Expect {
  return { code: 3, first, record: null };
}

/** The run completes (exit 0, nothing on stderr) and leaves a readable out/run.json, then `also` checks. */
export function recorded(also?: Expect['also']): Expect {
  return { code: 0, first: '', record: 'out/run.json', ...(also === undefined ? {} : { also }) };
}

export type TargetRun = Partial<Omit<Plan, 'expect'>> & {
  /** load.yml from the target's URL (default: the suite's small closed run). */
  scenario?: (url: string) => string;
  /** Writes what else the case needs in its folder (after load.yml). */
  prepare?: (ctx: Ctx) => void;
};

/**
 * A case's setup: start `start`'s target (closed after the case), write load.yml against it,
 * and expect `expect` (or what `expect(server)` says, for checks on what the target received).
 * `run` gives the command line (default RUN) and any other option of the plan.
 */
export function runAgainst(
  start: () => Promise<HostileServer>,
  expect: Expect | ((server: HostileServer) => Expect),
  run: TargetRun = {},
): (ctx: Ctx) => Promise<Plan> {
  const { scenario = scenarioText, prepare, args = RUN, ...options } = run;
  return async (ctx) => {
    const s = ctx.keep(await start());
    ctx.write('load.yml', scenario(s.url));
    prepare?.(ctx);
    return { ...options, args, expect: typeof expect === 'function' ? expect(s) : expect };
  };
}
