import { describe, expect, it } from 'vitest';
import { describeBadDuration, formatScenarioDuration, parseDurationMs } from '../../src/scenario/duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['250ms', 250],
    ['1s', 1_000],
    ['1.5s', 1_500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h5m', 3_900_000],
    ['1s500ms', 1_500],
    ['0s', 0],
    ['0.5ms', 0.5],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['30', '', 's', '1.s', '.5s', '-1s', '1 s', '5sec', '1d', '1m 30s', 'thirty', '1e3ms'])(
    'rejects %j',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );
});

describe('describeBadDuration', () => {
  it('suggests units for a bare number', () => {
    expect(describeBadDuration(30)).toBe(
      'expected a duration with a unit like "30ms" or "30s", got the bare number 30',
    );
  });
  it('quotes text and names other types', () => {
    expect(describeBadDuration('soon')).toBe('expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"');
    expect(describeBadDuration([1])).toBe('expected a duration like "500ms", "30s", "2m" or "1m30s", got a list');
  });
});

describe('formatScenarioDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [45_000, '45s'],
    [65_000, '1m05s'],
    [630_000, '10m30s'],
    [3_723_000, '1h02m03s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatScenarioDuration(ms)).toBe(text);
  });
});
