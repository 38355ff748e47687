/** Process faults: signals, kill -9, the demo target dying, output folders that cannot be written. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRunRecord } from '../../src/record/read.js';
import { longRecord } from '../helpers/long-record.js';
import { ANY_CODE, type Case, type Expect, type Plan } from './case.js';
import { processesTagged, until } from '../helpers/hostile-harness.js';
import { okTarget, RUN, runAgainst } from './plans.js';
import { demoScenario, scenarioText, type ScenarioParts } from './scenarios.js';
import type { HostileServer } from './targets.js';
import { joinRegExp } from '../helpers/regex.js';

const LONG = '    - { duration: 30s, concurrency: 2 }';
const sleep = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

function signalAfter(
  server: HostileServer,
  ...signals: NodeJS.Signals[]
): (c: { kill: (s: NodeJS.Signals) => void }) => Promise<void> {
  return async (child) => {
    await until(() => server.requests() > 20);
    for (const [i, s] of signals.entries()) {
      if (i > 0) await sleep(50);
      child.kill(s);
    }
  };
}

/** The demo target is up: a second tagged process besides capplan, and load flowing. */
function demoChild(tag: string, capplanPid: number): number | undefined {
  return processesTagged(tag).find((pid) => pid !== capplanPid);
}

type Child = Parameters<NonNullable<Plan['during']>>[0];

/** A run against the demo target of `parts`: `whenUp(child)` once it runs beside capplan (15 s at most). */
function onDemo(parts: ScenarioParts, whenUp: (child: Child) => Promise<void>, expect: Expect): Case['setup'] {
  return async ({ write }) => {
    write('load.yml', demoScenario(parts));
    return {
      args: RUN,
      during: async (child) => {
        await until(() => demoChild(child.tag, child.pid) !== undefined, 15_000);
        await whenUp(child);
      },
      expect,
    };
  };
}

function interrupted(dir: string): void {
  expect(readRunRecord(join(dir, 'out/run.json')).status).toBe('interrupted');
}

/** `signal` once load flows against a 30 s run: exit 130 with the partial record, marked interrupted. */
function signalCase(signal: NodeJS.Signals): Case {
  return {
    name: `${signal} mid-run`,
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url, { stages: LONG }));
      return {
        args: RUN,
        during: signalAfter(s, signal),
        expect: {
          code: 130,
          first: /^capplan: interrupted; partial record in out\/run\.json$/,
          record: 'out/run.json',
          also: (_o, c) => interrupted(c.dir),
        },
      };
    },
  };
}

/** An output folder capplan cannot use: exit 2 naming it, before a single request reaches the target. */
function refusesOut(first: RegExp): (server: HostileServer) => Expect {
  return (s) => ({ code: 2, first, record: null, also: () => expect(s.requests()).toBe(0) });
}

export const PROCESS_CASES: Case[] = [
  signalCase('SIGINT'),
  signalCase('SIGTERM'),
  {
    name: 'kill -9 with the demo target',
    item: 'passes',
    setup: onDemo(
      { stages: LONG },
      async (child) => {
        await sleep(500);
        child.kill('SIGKILL');
      },
      { code: ANY_CODE, first: '', record: null, also: (o) => expect(o.signal).toBe('SIGKILL') },
    ),
  },
  {
    name: 'Ctrl-C again while the demo target stops',
    item: '8',
    setup: onDemo(
      // Slow requests: the demo target has requests to finish when it is told to stop.
      { stages: '    - { duration: 30s, concurrency: 8 }', demo: '{ pool: 4, hold: 1500ms }', timeout: '5s' },
      async (child) => {
        await sleep(4000); // past the 1.5 s preflight: the load is under way
        // A user hammering Ctrl-C: one every 100 ms until capplan ends, so one lands while the
        // demo target is being stopped, whatever the timing of the machine.
        while (processesTagged(child.tag).includes(child.pid)) {
          child.kill('SIGINT');
          await sleep(100);
        }
      },
      {
        code: ANY_CODE,
        first: /^capplan: interrupted; partial record in out\/run\.json$/,
        record: 'out/run.json',
        // Exit 130, or, for a Ctrl-C that lands after everything was written and every listener
        // is gone, death by SIGINT: a shell shows 130 for both ($? = 128 + 2).
        also: (o) => expect(o.code === 130 || o.signal === 'SIGINT', `code ${o.code} signal ${o.signal}`).toBe(true),
      },
    ),
  },
  {
    name: 'the demo target dies mid-run',
    item: '12 (exit 3)',
    setup: onDemo(
      { stages: LONG },
      async (child) => {
        // Usually mid-load (workers start in ~1 s); on a saturated machine possibly before it started:
        // both are an abort naming the demo target's exit, with the record written.
        await sleep(3000);
        process.kill(demoChild(child.tag, child.pid) ?? -1, 'SIGKILL');
      },
      {
        code: 3,
        first: joinRegExp([
          /^capplan: run aborted: the demo target exited \(signal SIGKILL\) /,
          /(at \d+\.\d s|before the load started); partial record in out\/run\.json$/,
        ]),
        record: 'out/run.json',
        also: (_o, c) => expect(readRunRecord(join(c.dir, 'out/run.json')).status).toBe('aborted'),
      },
    ),
  },
  {
    name: '--out /proc/self/nope',
    item: '3',
    setup: runAgainst(okTarget, refusesOut(/^capplan: cannot write to \/proc\/self\/nope: /), {
      args: ['run', 'load.yml', '--no-progress', '--out', '/proc/self/nope'],
    }),
  },
  {
    name: '--out below a regular file',
    item: '3',
    setup: runAgainst(okTarget, refusesOut(/^capplan: cannot write to afile\/out: /), {
      args: ['run', 'load.yml', '--no-progress', '--out', 'afile/out'],
      prepare: ({ write }) => write('afile', 'x'),
    }),
  },
  {
    name: '--out into a finished run',
    item: '9',
    setup: runAgainst(okTarget, refusesOut(/^capplan: out already holds a run \(run\.json\)/), {
      prepare: ({ dir, write }) => {
        mkdirSync(join(dir, 'out'));
        write('out/run.json', JSON.stringify(longRecord(3)));
      },
    }),
  },
  {
    name: 'two runs in the same second',
    item: '9',
    setup: async ({ keep, write, dir }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url, { name: 'twin' }));
      const { capplan } = await import('../helpers/hostile-harness.js');
      const args = ['run', 'load.yml', '--workers', '1', '--no-progress', '--format', 'json'];
      const twin = capplan(args, { cwd: dir });
      return {
        args,
        during: async () => void (await twin),
        expect: {
          code: 0,
          first: '',
          record: null,
          also: () => {
            const runs = readdirSync(join(dir, 'reports'));
            expect(runs).toHaveLength(2);
            for (const r of runs) expect(existsSync(join(dir, 'reports', r, 'run.json'))).toBe(true);
          },
        },
      };
    },
  },
];
