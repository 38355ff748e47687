/** Which database a postgres demo target gets: a given URL wins, and only then nothing is started. */
import { describe, expect, it } from 'vitest';
import { startDemoDatabase } from '../../src/cli/demo-database.js';
import type { DemoTargetSpec } from '../../src/scenario/types.js';
import { fakeIo } from '../helpers/io.js';

const POSTGRES: DemoTargetSpec = {
  backend: 'postgres',
  pool: 10,
  holdMs: 30,
  acquireTimeoutMs: undefined,
  failFast: false,
  databaseUrl: undefined,
};

describe('startDemoDatabase', () => {
  it('uses target.demo.databaseUrl first, even with CAPPLAN_DATABASE_URL set, and starts nothing', async () => {
    const io = fakeIo({ env: { CAPPLAN_DATABASE_URL: 'postgres://env:pw@127.0.0.1:5432/e' } });
    const database = await startDemoDatabase({ ...POSTGRES, databaseUrl: 'postgres://file:pw@127.0.0.1:5432/f' }, io);
    expect(database.spec.databaseUrl).toBe('postgres://file:pw@127.0.0.1:5432/f');
    await database.stop();
    expect(io.err()).toBe('');
  });

  it('uses CAPPLAN_DATABASE_URL when the scenario gives none, and starts nothing', async () => {
    const io = fakeIo({ env: { CAPPLAN_DATABASE_URL: 'postgres://env:pw@127.0.0.1:5432/e' } });
    const database = await startDemoDatabase(POSTGRES, io);
    expect(database.spec).toEqual({ ...POSTGRES, databaseUrl: 'postgres://env:pw@127.0.0.1:5432/e' });
    expect(io.err()).toBe('');
  });

  it('leaves a memory target alone', async () => {
    const io = fakeIo();
    const memory: DemoTargetSpec = { ...POSTGRES, backend: 'memory' };
    expect((await startDemoDatabase(memory, io)).spec).toBe(memory);
    expect(io.err()).toBe('');
  });
});
