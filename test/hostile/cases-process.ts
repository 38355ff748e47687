/** Process faults: signals, kill -9, the demo target dying, output folders that cannot be written. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRunRecord } from '../../src/record/read.js';
import { longRecord } from '../helpers/long-record.js';
import { ANY_CODE, type Case } from './case.js';
import { processesTagged, until } from '../helpers/hostile-harness.js';
import { demoScenario, scenarioText } from './scenarios.js';
import { httpTarget, plain, type HostileServer } from './targets.js';
import { joinRegExp } from '../helpers/regex.js';

const RUN = ['run', 'load.yml', '--workers', '1', '--no-progress', '--out', 'out'];
const LONG = '    - { duration: 30s, concurrency: 2 }';

async function okTarget(): Promise<HostileServer> {
  return httpTarget((res) => plain(res, 200, 'ok'));
}

function signalAfter(
  server: HostileServer,
  ...signals: NodeJS.Signals[]
): (c: { kill: (s: NodeJS.Signals) => void }) => Promise<void> {
  return async (child) => {
    await until(() => server.requests() > 20);
    for (const [i, s] of signals.entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      child.kill(s);
    }
  };
}

/** The demo target is up: a second tagged process besides capplan, and load flowing. */
function demoChild(tag: string, capplanPid: number): number | undefined {
  return processesTagged(tag).find((pid) => pid !== capplanPid);
}

function interrupted(dir: string): void {
  expect(readRunRecord(join(dir, 'out/run.json')).status).toBe('interrupted');
}

export const PROCESS_CASES: Case[] = [
  {
    name: 'SIGINT mid-run',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url, { stages: LONG }));
      return {
        args: RUN,
        during: signalAfter(s, 'SIGINT'),
        expect: {
          code: 130,
          first: /^capplan: interrupted; partial record in out\/run\.json$/,
          record: 'out/run.json',
          also: (_o, c) => interrupted(c.dir),
        },
      };
    },
  },
  {
    name: 'SIGTERM mid-run',
    item: 'passes',
    setup: async ({ keep, write }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url, { stages: LONG }));
      return {
        args: RUN,
        during: signalAfter(s, 'SIGTERM'),
        expect: {
          code: 130,
          first: /^capplan: interrupted; partial record in out\/run\.json$/,
          record: 'out/run.json',
          also: (_o, c) => interrupted(c.dir),
        },
      };
    },
  },
  {
    name: 'kill -9 with the demo target',
    item: 'passes',
    setup: async ({ write }) => {
      write('load.yml', demoScenario({ stages: LONG }));
      return {
        args: RUN,
        during: async (child) => {
          await until(() => demoChild(child.tag, child.pid) !== undefined, 15_000);
          await new Promise((r) => setTimeout(r, 500));
          child.kill('SIGKILL');
        },
        expect: { code: ANY_CODE, first: '', record: null, also: (o) => expect(o.signal).toBe('SIGKILL') },
      };
    },
  },
  {
    name: 'Ctrl-C again while the demo target stops',
    item: '8',
    setup: async ({ write }) => {
      // Slow requests: the demo target has requests to finish when it is told to stop.
      write(
        'load.yml',
        demoScenario({
          stages: '    - { duration: 30s, concurrency: 8 }',
          demo: '{ pool: 4, hold: 1500ms }',
          timeout: '5s',
        }),
      );
      return {
        args: RUN,
        during: async (child) => {
          await until(() => demoChild(child.tag, child.pid) !== undefined, 15_000);
          await new Promise((r) => setTimeout(r, 4000)); // past the 1.5 s preflight: the load is under way
          // A user hammering Ctrl-C: one every 100 ms until capplan ends, so one lands while the
          // demo target is being stopped, whatever the timing of the machine.
          while (processesTagged(child.tag).includes(child.pid)) {
            child.kill('SIGINT');
            await new Promise((r) => setTimeout(r, 100));
          }
        },
        expect: {
          code: ANY_CODE,
          first: /^capplan: interrupted; partial record in out\/run\.json$/,
          record: 'out/run.json',
          // Exit 130, or, for a Ctrl-C that lands after everything was written and every listener
          // is gone, death by SIGINT: a shell shows 130 for both ($? = 128 + 2).
          also: (o) => expect(o.code === 130 || o.signal === 'SIGINT', `code ${o.code} signal ${o.signal}`).toBe(true),
        },
      };
    },
  },
  {
    name: 'the demo target dies mid-run',
    item: '12 (exit 3)',
    setup: async ({ write }) => {
      write('load.yml', demoScenario({ stages: LONG }));
      return {
        args: RUN,
        during: async (child) => {
          await until(() => demoChild(child.tag, child.pid) !== undefined, 15_000);
          // Usually mid-load (workers start in ~1 s); on a saturated machine possibly before it started:
          // both are an abort naming the demo target's exit, with the record written.
          await new Promise((r) => setTimeout(r, 3000));
          process.kill(demoChild(child.tag, child.pid) ?? -1, 'SIGKILL');
        },
        expect: {
          code: 3,
          first: joinRegExp([
            /^capplan: run aborted: the demo target exited \(signal SIGKILL\) /,
            /(at \d+\.\d s|before the load started); partial record in out\/run\.json$/,
          ]),
          record: 'out/run.json',
          also: (_o, c) => expect(readRunRecord(join(c.dir, 'out/run.json')).status).toBe('aborted'),
        },
      };
    },
  },
  {
    name: '--out /proc/self/nope',
    item: '3',
    setup: async ({ keep, write }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url));
      return {
        args: ['run', 'load.yml', '--no-progress', '--out', '/proc/self/nope'],
        expect: {
          code: 2,
          first: /^capplan: cannot write to \/proc\/self\/nope: /,
          record: null,
          also: () => expect(s.requests()).toBe(0),
        },
      };
    },
  },
  {
    name: '--out below a regular file',
    item: '3',
    setup: async ({ keep, write }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url));
      write('afile', 'x');
      return {
        args: ['run', 'load.yml', '--no-progress', '--out', 'afile/out'],
        expect: {
          code: 2,
          first: /^capplan: cannot write to afile\/out: /,
          record: null,
          also: () => expect(s.requests()).toBe(0),
        },
      };
    },
  },
  {
    name: '--out into a finished run',
    item: '9',
    setup: async ({ keep, write, dir }) => {
      const s = keep(await okTarget());
      write('load.yml', scenarioText(s.url));
      mkdirSync(join(dir, 'out'));
      write('out/run.json', JSON.stringify(longRecord(3)));
      return {
        args: RUN,
        expect: {
          code: 2,
          first: /^capplan: out already holds a run \(run\.json\)/,
          record: null,
          also: () => expect(s.requests()).toBe(0),
        },
      };
    },
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
