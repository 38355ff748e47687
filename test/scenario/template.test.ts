import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  compileTemplate,
  isTemplated,
  parseTemplate,
  templateRefs,
  uuidV4,
} from '../../src/scenario/template.js';
import type { RandomInt } from '../../src/scenario/template.js';

/** A deterministic "random" source: returns lo + (draw count mod span). */
function countingRandom(): RandomInt & { calls: [number, number][] } {
  const calls: [number, number][] = [];
  const fn = ((lo: number, hi: number) => {
    calls.push([lo, hi]);
    return lo + ((calls.length - 1) % (hi - lo + 1));
  }) as RandomInt & { calls: [number, number][] };
  fn.calls = calls;
  return fn;
}

describe('checkTemplate', () => {
  it.each<[string, string | undefined]>([
    ['/items/1', undefined],
    ['/items/{{seq}}', undefined],
    ['/u/{{ uuid }}', undefined],
    ['/r/{{rand 1 100}}', undefined],
    ['/r/{{rand -5 5}}?n={{seq}}', undefined],
    ['/r/{{rand 3 3}}', undefined],
    ['/x/{{id}}', 'unknown template "{{id}}"; use {{seq}}, {{uuid}}, {{rand A B}}, {{vars.NAME}} or {{data.COLUMN}}'],
    ['/x/{{}}', 'unknown template "{{}}"; use {{seq}}, {{uuid}}, {{rand A B}}, {{vars.NAME}} or {{data.COLUMN}}'],
    ['/x/{{seq', 'unclosed template "{{seq": expected "}}"'],
    ['/x/{{seq 1}}', '{{seq}} takes no arguments, got "{{seq 1}}"'],
    ['/x/{{rand 1}}', '{{rand A B}} needs two integers, got "{{rand 1}}"'],
    ['/x/{{rand 1 2.5}}', '{{rand A B}} needs two integers, got "{{rand 1 2.5}}"'],
    ['/x/{{rand a b}}', '{{rand A B}} needs two integers, got "{{rand a b}}"'],
    ['/x/{{rand 9 1}}', '{{rand A B}} needs A <= B, got "{{rand 9 1}}"'],
    ['/x/{{rand 1 99999999999999999999}}', '{{rand A B}} bounds are too large in "{{rand 1 99999999999999999999}}"'],
  ])('%j', (text, problem) => {
    expect(checkTemplate(text)).toBe(problem);
  });

  it('reports the offset of the bad placeholder', () => {
    expect(parseTemplate('/a/b/{{nope}}')).toMatchObject({ ok: false, offset: 5 });
  });

  it('tells templated text from constant text', () => {
    expect(isTemplated('/a')).toBe(false);
    expect(isTemplated('/a/{{seq}}')).toBe(true);
    expect(isTemplated('/a/{{bad}}')).toBe(false);
  });
});

describe('compileTemplate', () => {
  it('returns constant text as the string itself', () => {
    expect(compileTemplate('/health')).toBe('/health');
  });

  it.each<[string, number, string]>([
    ['/items/{{seq}}', 7, '/items/7'],
    ['{{seq}}-{{seq}}', 3, '3-3'],
    ['/r/{{rand 10 12}}/{{rand 10 12}}', 0, '/r/10/11'],
    ['{"id":{{seq}},"n":"x"}', 42, '{"id":42,"n":"x"}'],
  ])('%j with seq %d renders %j', (text, seq, expected) => {
    const fn = compileTemplate(text);
    expect(typeof fn).toBe('function');
    if (typeof fn === 'function') expect(fn(seq, countingRandom())).toBe(expected);
  });

  it('passes the rand bounds to the random source', () => {
    const random = countingRandom();
    const fn = compileTemplate('/r/{{rand 5 9}}');
    if (typeof fn !== 'function') throw new Error('expected a function');
    fn(1, random);
    expect(random.calls).toEqual([[5, 9]]);
  });

  it('renders RFC 4122 version 4 UUIDs', () => {
    const fn = compileTemplate('/u/{{uuid}}');
    if (typeof fn !== 'function') throw new Error('expected a function');
    const draws = [0xffff, 0x1234, 0xabcd, 0xffff, 0xffff, 0x0001, 0x0002, 0x0003];
    let k = 0;
    expect(fn(1, () => draws[k++] ?? 0)).toBe('/u/ffff1234-abcd-4fff-bfff-000100020003');
    expect(uuidV4(() => 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('throws on a malformed template (the loader rejects those first)', () => {
    expect(() => compileTemplate('/x/{{nope}}')).toThrow(/unknown template/);
  });
});

describe('{{vars.NAME}} and {{data.COLUMN}}', () => {
  it("render from the virtual user's values, by indexes resolved once", () => {
    const names = { vars: ['token', 'order'], columns: ['pw', 'user'] };
    const fn = compileTemplate('/u/{{data.user}}/o/{{vars.order}}?t={{vars.token}}', names);
    expect(typeof fn).toBe('function');
    if (typeof fn === 'string') return;
    expect(fn(1, () => 0, { vars: ['abc', '42'], data: ['secret', 'alice'] })).toBe('/u/alice/o/42?t=abc');
  });

  it('lists the names a template uses and refuses unknown or malformed ones', () => {
    expect(templateRefs('Bearer {{vars.token}} {{data.user}} {{seq}}')).toEqual({ vars: ['token'], data: ['user'] });
    expect(checkTemplate('{{vars.}}')).toMatch(/needs one name/);
    expect(checkTemplate('{{data.a b}}')).toMatch(/needs one name/);
    expect(() => compileTemplate('{{vars.nope}}', { vars: ['token'], columns: [] })).toThrow(/not defined here/);
    expect(() => compileTemplate('{{data.x}}')).toThrow(/not defined here/);
  });
});
