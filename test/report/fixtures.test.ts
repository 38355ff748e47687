/** The report fixtures are real records: schema-valid, small, with decodable HDR histograms. */
import { statSync } from 'node:fs';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/record/read.js';
import { FIXTURE_NAMES, fixturePath } from './fixtures.js';

describe.each(FIXTURE_NAMES)('fixture %s', (name) => {
  it('reads through readRunRecord (schema validation) and stays small', () => {
    expect(() => readRunRecord(fixturePath(name))).not.toThrow();
    expect(statSync(fixturePath(name)).size).toBeLessThan(300 * 1024);
  });

  it('carries HDR histograms whose counts match the ok counters', () => {
    const record = readRunRecord(fixturePath(name));
    for (const item of [...record.windows, ...record.steps]) {
      const histogram = hdr.decodeFromCompressedBase64(item.hdr);
      expect(histogram.totalCount).toBe(item.ok);
      expect(histogram.getValueAtPercentile(99) / 1000).toBeCloseTo(item.latencyMs.p99, 0);
      histogram.destroy();
    }
  });
});
