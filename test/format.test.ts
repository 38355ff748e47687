import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDurationMs,
  formatMs,
  formatNumber,
  formatPercent,
  formatRange,
  formatRate,
  formatSignedPercent,
} from '../src/format.js';
import { formatLevel, humanize } from '../src/report/labels.js';

describe('formatMs', () => {
  it.each([
    [0, '0 ms'],
    [0.4213, '0.42 ms'],
    [5.06, '5.1 ms'],
    [51.068, '51.1 ms'],
    [248.831, '249 ms'],
    [999.4, '999 ms'],
    [1630.2, '1.63 s'],
    [12_345, '12.3 s'],
    [65_000, '1m 05s'],
    [Number.NaN, '–'],
    [null, '–'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});

describe('formatNumber, formatCount, formatRate', () => {
  it.each([
    [0, '0'],
    [0.98, '0.98'],
    [19.8, '19.8'],
    [39, '39'],
    [402.6, '403'],
    [12_345.6, '12,346'],
    [-1500, '-1,500'],
  ])('formatNumber(%s) = %s', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });

  it('groups counts and names rates', () => {
    expect(formatCount(3909)).toBe('3,909');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatRate(394.2)).toBe('394 req/s');
    expect(formatRate(19.84)).toBe('19.8 req/s');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0%'],
    [0.00653, '0.65%'],
    [0.0001, '0.01%'],
    [0.04267, '4.3%'],
    [0.05, '5%'],
    [0.333, '33%'],
    [1, '100%'],
  ])('%s → %s', (f, text) => {
    expect(formatPercent(f)).toBe(text);
  });

  it('signs headroom with a real minus sign', () => {
    expect(formatSignedPercent(-0.3427)).toBe('−34%');
    expect(formatSignedPercent(0.25)).toBe('+25%');
    expect(formatSignedPercent(0)).toBe('0%');
  });
});

describe('levels, ranges, durations, words', () => {
  it('says what a level means in each model', () => {
    expect(formatLevel(20.4, 'closed')).toBe('20.4 concurrent');
    expect(formatLevel(600, 'open')).toBe('600 req/s');
  });

  it('prints intervals and collapses a point interval', () => {
    expect(formatRange([19.6, 21.3])).toBe('19.6–21.3');
    expect(formatRange([16, 16])).toBe('16');
    expect(formatRange(null)).toBe('–');
  });

  it('prints wall-clock spans', () => {
    expect(formatDurationMs(45_000)).toBe('45 s');
    expect(formatDurationMs(60_000)).toBe('1m 00s');
    expect(formatDurationMs(7_380_000)).toBe('2h 03m');
  });

  it('humanizes identifiers', () => {
    expect(humanize('throughput-plateau')).toBe('throughput plateau');
    expect(humanize('errorRate')).toBe('error rate');
    expect(humanize(null)).toBe('–');
  });
});
