/** The pure parts of `capplan doctor`: each check's verdict and its one line. */
import { describe, expect, it } from 'vitest';
import { checkCpus, checkFileLimit, checkNode } from '../../../src/cli/doctor/checks.js';

describe('doctor checks', () => {
  it.each([
    ['20.18.1', 'ok'],
    ['20.20.2', 'ok'],
    ['22.0.0', 'ok'],
    ['20.18.0', 'fail'],
    ['20.9.0', 'fail'],
    ['18.19.1', 'fail'],
  ])('node %s: %s', (version, status) => {
    const result = checkNode(version);
    expect(result.status).toBe(status);
    if (status === 'fail') expect(result.detail).toContain('install Node 20.18.1 or later');
  });

  it("compares the open-file limit with a scenario's connections plus spare files", () => {
    expect(checkFileLimit(1024, { connections: 500, what: 'a.yml' })).toEqual({
      name: 'files',
      status: 'ok',
      detail: 'open-file limit 1024 ≥ 628 (a.yml: 500 connections + 128 spare)',
    });
    expect(checkFileLimit(256, { connections: 1000, what: 'big.yml' })).toEqual({
      name: 'files',
      status: 'fail',
      detail: 'open-file limit 256 < 1128 (big.yml: 1000 connections + 128 spare): run `ulimit -n 1128` first',
    });
    expect(checkFileLimit(Infinity, { connections: 10, what: 'a.yml' }).status).toBe('ok');
    const alone = checkFileLimit(1024, undefined).detail;
    expect(alone).toBe('open-file limit 1024 (give a scenario to compare with its connections)');
    expect(checkFileLimit(undefined, undefined).status).toBe('warn');
  });

  it('warns when the worker threads leave no core for the coordinator and the target', () => {
    const two = { name: 'cpus', status: 'ok', detail: '2 CPUs: 1 worker thread by default (cores - 1, at most 4)' };
    expect(checkCpus(2)).toEqual(two);
    expect(checkCpus(8).detail).toBe('8 CPUs: 4 worker threads by default (cores - 1, at most 4)');
    const tooMany = checkCpus(2, 2);
    expect(tooMany.status).toBe('warn');
    expect(tooMany.detail).toContain('(--workers 1)');
    expect(checkCpus(1).status).toBe('warn');
  });
});
