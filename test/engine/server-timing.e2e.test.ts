/**
 * Issue #17 item 2 (parsing half): a hostile Server-Timing header never reaches the record:
 * `db;dur=1e400` and negative durations are counted as malformed, the record stays readable
 * by `capplan analyze`; valid headers are still read (the scan keeps going once seen).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Every other response carries `header`, the others a valid `pool;dur=2, db;dur=5`. */
async function serve(header: string): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    res.setHeader('Server-Timing', n++ % 2 === 0 ? header : 'pool;dur=2, db;dur=5');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('hostile Server-Timing', () => {
  it.each(['db;dur=1e400, pool;dur=-3', 'db;dur=abc, pool;dur=Infinity'])(
    '%s: counted as malformed, the record is readable',
    async (header) => {
      const url = await serve(header);
      const dir = tmpdir({
        's.yml': `version: 1
name: st
target: { url: "${url}", timeout: 2s }
requests: [{ name: home, path: / }]
load: { model: closed, stages: [{ duration: 2s, concurrency: 2 }] }
`,
      });
      await run(
        ['run', 's.yml', '--workers', '1', '--no-progress', '--out', 'out', '--format', 'json'],
        fakeIo({ cwd: dir }),
      );
      const record = readRunRecord(join(dir, 'out', 'run.json'));
      const sum = (pick: (w: (typeof record.windows)[number]) => number): number =>
        record.windows.reduce((a, w) => a + pick(w), 0);
      const responses = sum((w) => w.ok);
      expect(responses).toBeGreaterThan(20);
      // Two per hostile response, half the responses.
      expect(sum((w) => w.serverTiming.malformed ?? 0)).toBeGreaterThanOrEqual(responses - 4);
      expect(sum((w) => w.serverTiming.dbCount)).toBeGreaterThanOrEqual(Math.floor(responses / 2) - 2);
      expect(sum((w) => w.serverTiming.dbSumMs)).toBe(5 * sum((w) => w.serverTiming.dbCount));
      expect(record.steps[0]!.serverTiming).toMatchObject({ holdMs: 5, waitMs: 2 });
      const io = fakeIo({ cwd: dir });
      expect(await run(['analyze', 'out/run.json'], io)).toBe(ExitCode.ok);
    },
  );
});
