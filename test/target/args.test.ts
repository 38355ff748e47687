import { describe, expect, it } from 'vitest';
import { DATABASE_URL_ENV, METRICS_FILE_ENV, parseTargetArgs, targetArgs } from '../../src/target/args.js';
import { isLoopbackHost } from '../../src/target/loopback.js';
import { serverTiming } from '../../src/target/server.js';
import { redactUrl } from '../../src/redact-url.js';
import type { DemoTargetSpec } from '../../src/scenario/types.js';

const memory: DemoTargetSpec = {
  backend: 'memory',
  pool: 20,
  holdMs: 50,
  acquireTimeoutMs: 1000,
  failFast: false,
  databaseUrl: undefined,
};

describe('targetArgs / parseTargetArgs', () => {
  it('round-trips a memory spec, always on 127.0.0.1 port 0', () => {
    expect(parseTargetArgs(targetArgs(memory), {})).toEqual({
      options: { ...memory, host: '127.0.0.1', port: 0 },
      exitWithParent: true,
      metricsFile: undefined,
    });
  });

  it('round-trips fail-fast, fractional holds and no acquire timeout', () => {
    const spec: DemoTargetSpec = { ...memory, holdMs: 12.5, acquireTimeoutMs: undefined, failFast: true };
    expect(parseTargetArgs(targetArgs(spec), {}).options).toEqual({ ...spec, host: '127.0.0.1', port: 0 });
  });

  it('takes the database URL from the environment, never argv', () => {
    const spec: DemoTargetSpec = { ...memory, backend: 'postgres', databaseUrl: 'postgres://u:secret@127.0.0.1/db' };
    const args = targetArgs(spec);
    expect(args.join(' ')).not.toContain('secret');
    expect(parseTargetArgs(args, { [DATABASE_URL_ENV]: spec.databaseUrl }).options.databaseUrl).toBe(spec.databaseUrl);
    expect(() => parseTargetArgs(args, {})).toThrow(`the postgres backend needs ${DATABASE_URL_ENV}`);
  });

  it('run by hand (no flag), it does not tie itself to a parent', () => {
    const options = { ...memory, acquireTimeoutMs: undefined, host: '127.0.0.1', port: 0 };
    expect(parseTargetArgs([], {})).toEqual({ options, exitWithParent: false, metricsFile: undefined });
  });

  it('takes the final-metrics file from the environment (an empty value means none)', () => {
    expect(parseTargetArgs([], { [METRICS_FILE_ENV]: '/tmp/final.prom' }).metricsFile).toBe('/tmp/final.prom');
    expect(parseTargetArgs([], { [METRICS_FILE_ENV]: '' }).metricsFile).toBeUndefined();
  });

  it.each([
    [['--pool', 'abc'], "--pool must be an integer from 1 to 10000, got 'abc'"],
    [['--pool', '0'], '--pool must be an integer'],
    [['--hold-ms=-5'], '--hold-ms must be a number'],
    [['--backend', 'mysql'], "--backend must be memory or postgres, got 'mysql'"],
    [['--host', '0.0.0.0'], "--host must be a loopback address, got '0.0.0.0'"],
    [['--port', '70000'], '--port must be an integer from 0 to 65535'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseTargetArgs(argv, {})).toThrow(message);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['127.0.0.256', false],
    ['', false],
    ['::', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('serverTiming / redactUrl', () => {
  it('formats wait and hold in ms with one decimal', () => {
    expect(serverTiming(0, 50.04)).toBe('pool;dur=0.0, db;dur=50.0');
    expect(serverTiming(12.345, 0)).toBe('pool;dur=12.3, db;dur=0.0');
  });

  it('hides a database password', () => {
    expect(redactUrl('postgres://postgres:capplan@127.0.0.1:5432/x')).toBe('postgres://postgres:***@127.0.0.1:5432/x');
    expect(redactUrl('not a url')).toBe('<invalid database URL>');
  });
});
