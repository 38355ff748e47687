import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveProbeSpecs, resolveProbeUrl } from '../../src/probes/index.js';
import { createWarningLog } from '../../src/probes/warnings.js';
import { sampleTimeoutMs } from '../../src/probes/sampler.js';
import type { ProbeSpec } from '../../src/scenario/types.js';

describe('resolveProbeUrl', () => {
  it.each([
    ['demo', 'http://127.0.0.1:4000', 'http://127.0.0.1:4000/metrics'],
    ['/metrics', 'http://127.0.0.1:4000/', 'http://127.0.0.1:4000/metrics'],
    ['/custom?x=1', 'http://127.0.0.1:4000', 'http://127.0.0.1:4000/custom?x=1'],
    ['http://db-exporter.example:9187/metrics', 'http://127.0.0.1:4000', 'http://db-exporter.example:9187/metrics'],
    ['http://127.0.0.1:9090/metrics', undefined, 'http://127.0.0.1:9090/metrics'],
  ])('%s on %s -> %s', (url, demo, expected) => {
    expect(resolveProbeUrl(url, demo)).toBe(expected);
  });

  it('refuses demo-relative URLs without a demo target', () => {
    expect(() => resolveProbeUrl('demo', undefined)).toThrow(UsageError);
    expect(() => resolveProbeUrl('/metrics', undefined)).toThrow("probe url '/metrics' refers to the demo target");
  });
});

describe('resolveProbeSpecs', () => {
  const specs: ProbeSpec[] = [
    { kind: 'prometheus', name: 'pool', url: 'demo', everyMs: 1000, metrics: ['db_pool_waiting'] },
    { kind: 'postgres', name: 'db', url: 'demo', everyMs: 1000 },
    { kind: 'postgres', name: 'other', url: 'postgres://127.0.0.1/x', everyMs: 1000 },
  ];

  it('resolves both kinds against the demo target', () => {
    expect(
      resolveProbeSpecs(specs, { url: 'http://127.0.0.1:5000', databaseUrl: 'postgres://127.0.0.1/demo' }).map(
        (s) => s.url,
      ),
    ).toEqual(['http://127.0.0.1:5000/metrics', 'postgres://127.0.0.1/demo', 'postgres://127.0.0.1/x']);
  });

  it('refuses a postgres demo probe without a postgres demo target', () => {
    expect(() => resolveProbeSpecs(specs, { url: 'http://127.0.0.1:5000', databaseUrl: undefined })).toThrow(
      "postgres probe 'db' uses url 'demo'",
    );
  });
});

describe('createWarningLog', () => {
  it('reports each distinct warning once and counts repeats', () => {
    const seen: string[] = [];
    const log = createWarningLog('pool', (m) => seen.push(m));
    for (let i = 0; i < 5; i++) log.warn('timed out');
    log.warn('refused');
    expect(seen).toEqual(['probe pool: timed out', 'probe pool: refused']);
    expect(log.list()).toEqual(['probe pool: timed out (5 times)', 'probe pool: refused']);
  });

  it('caps distinct warnings and survives a throwing reporter', () => {
    const log = createWarningLog('p', () => {
      throw new Error('reporter broke');
    });
    for (let i = 0; i < 30; i++) log.warn(`w${i}`);
    const lines = log.list();
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('probe p: 10 further warnings suppressed');
  });
});

describe('sampleTimeoutMs', () => {
  it.each([
    [1000, 800],
    [100, 500],
    [60_000, 5000],
  ])('every %i ms -> %i ms', (every, timeout) => {
    expect(sampleTimeoutMs(every)).toBe(timeout);
  });
});
