import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.js';
import { appendHistory, HISTORY_SCHEMA, loadBaseline, readHistory, toGateSample } from '../../src/gate/history.js';
import { gateRecord, writeRecords } from '../helpers/gate-records.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { unreadableOnPurpose } from '../setup/records-readable.js';

function expectRecordError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RecordError);
  const message = (caught as RecordError).message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('toGateSample', () => {
  it('takes the key metrics from a run record', () => {
    const sample = toGateSample(
      gateRecord({
        maxGoodputPerSec: 412,
        knee: 21,
        errorOnset: 32,
        generatorSaturatedAt: 64,
        slo: [{ metric: 'p99', scope: 'overall', threshold: 300, actual: 120, unit: 'ms', pass: true }],
      }),
    );
    expect(sample).toMatchObject({
      runId: 'capacity@2026-11-01T08:00:00.000Z',
      scenario: 'capacity',
      scenarioSha256: 'abc123',
      maxGoodputPerSec: 412,
      maxGoodputCensored: false,
      maxLevelTested: 64,
      levelsTested: [1, 2, 4, 8, 16, 32, 64],
      errorOnset: 32,
      generatorSaturated: true,
      knee: { concurrency: 21, censored: null },
    });
    expect(sample.slo).toEqual([
      { metric: 'p99', scope: 'overall', threshold: 300, actual: 120, unit: 'ms', pass: true },
    ]);
  });

  it('marks a run generator-saturated only when the saturation left the analyzer unable to conclude', () => {
    expect(toGateSample(gateRecord({ generatorSaturatedAt: 2 })).generatorSaturated).toBe(true);
    expect(toGateSample(gateRecord({ generatorSaturatedAt: 64, verdict: 'pool-exhaustion' })).generatorSaturated).toBe(
      false,
    );
    expect(
      toGateSample(gateRecord({ generatorSaturatedAt: 64, verdict: 'pool-exhaustion', maxGoodputPerSec: null }))
        .generatorSaturated,
    ).toBe(true);
    expect(toGateSample(gateRecord({ verdict: 'inconclusive' })).generatorSaturated).toBe(false);
  });

  it('keeps censoring and missing metrics as such', () => {
    const sample = toGateSample(
      gateRecord({ maxGoodputPerSec: null, knee: 20, kneeCensored: 'above', levels: [1, 4, 16] }),
    );
    expect(sample.maxGoodputPerSec).toBeNull();
    expect(sample.knee).toEqual({ concurrency: 16, ci95: [16, 16], censored: 'above' });
    expect(sample.maxLevelTested).toBe(16);
    expect(sample.generatorSaturated).toBe(false);
  });

  it('refuses a run that did not complete', () => {
    expectRecordError(
      () => toGateSample(gateRecord({ status: 'interrupted' }), 'x/run.json'),
      /^x\/run\.json: the run was interrupted: only completed runs/,
    );
  });
});

describe('loadBaseline', () => {
  it('reads run.json files, a folder of runs (one level deep) and a history file', () => {
    const dir = tmpdir();
    const [single] = writeRecords(dir, { 'single.json': gateRecord({ minute: 1, maxGoodputPerSec: 401 }) });
    writeRecords(dir, {
      'base/a.json': gateRecord({ minute: 2, maxGoodputPerSec: 402 }),
      'base/run-1/run.json': gateRecord({ minute: 3, maxGoodputPerSec: 403 }),
      'base/run-2/run.json': gateRecord({ minute: 4, maxGoodputPerSec: 404 }),
      'base/run-2/deeper/run.json': gateRecord({ minute: 9, maxGoodputPerSec: 999 }),
      'base/run-2/report.html': {},
    });
    const historyPath = join(dir, 'history.json');
    appendHistory(historyPath, gateRecord({ minute: 5, maxGoodputPerSec: 405 }));
    const samples = loadBaseline([single!, join(dir, 'base'), historyPath]);
    expect(samples.map((s) => s.maxGoodputPerSec)).toEqual([401, 402, 403, 404, 405]);
  });

  it('counts a run met twice once', () => {
    const dir = tmpdir();
    const [a] = writeRecords(dir, { 'a.json': gateRecord({ minute: 1 }) });
    const historyPath = join(dir, 'h.json');
    appendHistory(historyPath, gateRecord({ minute: 1 }));
    expect(loadBaseline([a!, historyPath, a!])).toHaveLength(1);
  });

  it('gives one-line errors naming the file', () => {
    const dir = tmpdir({ 'notjson.json': '{oops', 'other.json': '{"schema":"k6/summary"}', 'arr.json': '[1]' });
    mkdirSync(join(dir, 'empty'));
    expectRecordError(() => loadBaseline([join(dir, 'missing.json')]), /missing\.json does not exist/);
    expectRecordError(() => loadBaseline([join(dir, 'notjson.json')]), /notjson\.json is not JSON/);
    expectRecordError(
      () => loadBaseline([join(dir, 'other.json')]),
      /other\.json is neither a run record .* it has schema "k6\/summary"/,
    );
    expectRecordError(() => loadBaseline([join(dir, 'arr.json')]), /arr\.json is not a capplan run record or history/);
    expectRecordError(() => loadBaseline([join(dir, 'empty')]), /empty: no run\.json or history files/);
  });

  it('rejects an invalid run record through the record reader', () => {
    const record = gateRecord() as unknown as Record<string, unknown>;
    const dir = tmpdir({ 'bad.json': JSON.stringify({ ...record, steps: 'nope' }) });
    expectRecordError(() => loadBaseline([unreadableOnPurpose(join(dir, 'bad.json'))]), /bad\.json/);
  });

  it('rejects a history file with a malformed entry, naming the field', () => {
    const dir = tmpdir({ 'h.json': JSON.stringify({ schema: HISTORY_SCHEMA, updatedAt: 'x', runs: [{ runId: 1 }] }) });
    expectRecordError(
      () => loadBaseline([join(dir, 'h.json')]),
      /h\.json is not a valid capplan\.history\/v1 file: runs\[0\]\.runId:/,
    );
  });
});

describe('appendHistory', () => {
  it('creates the file, replaces a run with the same id and keeps the newest maxRuns', () => {
    const dir = tmpdir();
    const path = join(dir, 'nested', 'history.json');
    for (let minute = 0; minute < 5; minute++)
      appendHistory(path, gateRecord({ minute, maxGoodputPerSec: 400 + minute }), { maxRuns: 3 });
    appendHistory(path, gateRecord({ minute: 4, maxGoodputPerSec: 999 }), {
      maxRuns: 3,
      now: new Date('2026-11-02T00:00:00Z'),
    });
    const history = readHistory(path);
    expect(history.schema).toBe(HISTORY_SCHEMA);
    expect(history.updatedAt).toBe('2026-11-02T00:00:00.000Z');
    expect(history.runs.map((r) => r.maxGoodputPerSec)).toEqual([402, 403, 999]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(history);
  });

  it('accepts a GateSample as well as a record, and refuses to overwrite a corrupt file', () => {
    const dir = tmpdir();
    const path = join(dir, 'h.json');
    const sample = toGateSample(gateRecord({ minute: 7 }));
    expect(appendHistory(path, sample).runs).toEqual([sample]);
    writeFileSync(path, '{broken');
    expectRecordError(() => appendHistory(path, sample), /h\.json is not JSON/);
  });
});
