import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '../../src/record/schema.js';
import { checkShardHistograms } from '../../src/scale/merge-hdr-check.js';
import { encodeLatencies, syntheticShards } from './records.js';

const FIXTURES = new URL('../fixtures/runs/', import.meta.url).pathname;

describe('checkShardHistograms', () => {
  it('accepts records as capplan writes them: every histogram counts its ok responses', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const record = parseRunRecord(JSON.parse(readFileSync(FIXTURES + f, 'utf8')) as unknown, f);
      expect(() => checkShardHistograms([{ source: f, record }])).not.toThrow();
    }
    expect(() =>
      checkShardHistograms(syntheticShards(3).shards.map((record, i) => ({ source: `s${i}`, record }))),
    ).not.toThrow();
  });

  it('names the file and window of a histogram that does not decode', () => {
    const [a, b] = syntheticShards(2).shards;
    b!.windows[3]!.hdr = 'HISTFAAAAbroken';
    expect(() =>
      checkShardHistograms([
        { source: 'a.json', record: a! },
        { source: 'b.json', record: b! },
      ]),
    ).toThrow(/^b\.json: windows\[3\]\.hdr is not a valid HDR histogram \(/);
  });

  it('refuses an empty histogram in a window with ok responses (it would move p99 silently)', () => {
    const [a] = syntheticShards(1).shards;
    const ok = a!.windows[5]!.ok;
    a!.windows[5]!.hdr = encodeLatencies([]);
    expect(() => checkShardHistograms([{ source: 'a.json', record: a! }])).toThrow(
      `a.json: windows[5].hdr holds 0 values but the window counts ${ok} ok responses`,
    );
  });
});
