import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/scenario/suggest.js';

describe('editDistance', () => {
  it.each<[string, string, number]>([
    ['target', 'target', 0],
    ['taget', 'target', 1],
    ['nmae', 'name', 1],
    ['rampto', 'rampTo', 0],
    ['concurency', 'concurrency', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s ~ %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('didYouMean', () => {
  const keys = ['version', 'name', 'target', 'requests', 'load', 'slo', 'stop', 'plan', 'probes'];
  it.each<[string, string | undefined]>([
    ['taget', 'target'],
    ['nmae', 'name'],
    ['request', 'requests'],
    ['prob', 'probes'],
    ['sol', 'slo'],
    ['colour', undefined],
    ['x', undefined],
  ])('%s -> %s', (unknown, suggestion) => {
    expect(didYouMean(unknown, keys)).toBe(suggestion);
  });
});
