import { describe, expect, it } from 'vitest';
import { DataFeed } from '../../src/engine/data-feed.js';

const ROWS = [['a'], ['b'], ['c'], ['d'], ['e']];
const take = (feed: DataFeed, n: number): (string | undefined)[] => Array.from({ length: n }, () => feed.next()?.[0]);

describe('DataFeed', () => {
  it('sequential: in file order, wrapping; workers interleave', () => {
    expect(take(new DataFeed(ROWS, 'sequential', 0, 1, Math.random), 7)).toEqual(['a', 'b', 'c', 'd', 'e', 'a', 'b']);
    expect(take(new DataFeed(ROWS, 'sequential', 1, 2, Math.random), 4)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('unique: workers split the rows, each used once, then undefined', () => {
    const w0 = take(new DataFeed(ROWS, 'unique', 0, 2, Math.random), 4);
    const w1 = take(new DataFeed(ROWS, 'unique', 1, 2, Math.random), 4);
    expect(w0).toEqual(['a', 'c', 'e', undefined]);
    expect(w1).toEqual(['b', 'd', undefined, undefined]);
  });

  it('random: seeded draws from every row', () => {
    let x = 0;
    const feed = new DataFeed(ROWS, 'random', 0, 1, () => (x = (x + 0.37) % 1));
    const seen = new Set(take(feed, 50));
    expect(seen).toEqual(new Set(['a', 'b', 'c', 'd', 'e']));
  });
});
