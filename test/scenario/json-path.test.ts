import { describe, expect, it } from 'vitest';
import { parseJsonPath, selectJsonPath } from '../../src/scenario/json-path.js';

describe('JSON paths for captures', () => {
  it.each([
    ['$', []],
    ['$.token', ['token']],
    ['$.items[0].id', ['items', 0, 'id']],
    ['$["a-b"].c', ['a-b', 'c']],
    ["$['x y']", ['x y']],
  ])('%s', (text, path) => {
    expect(parseJsonPath(text)).toEqual({ ok: true, path });
  });

  it.each(['token', '$.', '$..a', '$[x]', '$.a[', '$.a b'])('refuses %j', (text) => {
    expect(parseJsonPath(text).ok).toBe(false);
  });

  it('selects one value, undefined when a segment is missing or of the wrong type', () => {
    const body = { token: 'abc', items: [{ id: 7 }], n: null };
    expect(selectJsonPath(body, ['token'])).toBe('abc');
    expect(selectJsonPath(body, ['items', 0, 'id'])).toBe(7);
    expect(selectJsonPath(body, ['items', 1, 'id'])).toBeUndefined();
    expect(selectJsonPath(body, ['token', 0])).toBeUndefined();
    expect(selectJsonPath(body, ['items', 'id'])).toBeUndefined();
    expect(selectJsonPath(body, ['toString'])).toBeUndefined();
    expect(selectJsonPath(undefined, ['a'])).toBeUndefined();
  });
});
