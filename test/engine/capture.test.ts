import { describe, expect, it } from 'vitest';
import { CaptureSet } from '../../src/engine/capture.js';
import type { CaptureSpec } from '../../src/scenario/types.js';

const VARS = ['token', 'id', 'session'];
const headers = (pairs: Record<string, string>): Buffer[] =>
  Object.entries(pairs).flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v)]);
const body = (text: string): Buffer[] => [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))];

function set(specs: CaptureSpec[]): CaptureSet {
  return new CaptureSet(specs, (name) => VARS.indexOf(name));
}

describe('CaptureSet', () => {
  it("takes values by JSON path, header and regex into the user's variables", () => {
    const captures = set([
      { var: 'token', kind: 'json', path: ['auth', 'token'], source: '$.auth.token' },
      { var: 'session', kind: 'header', header: 'x-session' },
      { var: 'id', kind: 'regex', pattern: 'order=(\\d+)', from: 'body' },
    ]);
    expect(captures.needsBody).toBe(true);
    expect(captures.needsHeaders).toBe(true);
    const vars = ['', '', ''];
    const failure = captures.extract(
      headers({ 'X-Session': 's-1' }),
      body('{"auth":{"token":"t-9"},"next":"order=42"}'),
      vars,
    );
    expect(failure).toBeUndefined();
    expect(vars).toEqual(['t-9', '42', 's-1']);
  });

  it('needs neither body nor headers for what it does not capture', () => {
    const byHeader = set([{ var: 'session', kind: 'header', header: 'x-session' }]);
    expect(byHeader.needsBody).toBe(false);
    const byRegexOnHeaders = set([{ var: 'id', kind: 'regex', pattern: 'id=(\\w+)', from: 'headers' }]);
    expect(byRegexOnHeaders.needsBody).toBe(false);
    const vars = ['', '', ''];
    expect(byRegexOnHeaders.extract(headers({ location: '/o?id=abc' }), null, vars)).toBeUndefined();
    expect(vars[1]).toBe('abc');
  });

  it.each([
    ['a missing key', '{"other":1}'],
    ['an empty string', '{"token":""}'],
    ['null', '{"token":null}'],
    ['a body that is not JSON', '<html>'],
  ])('fails on %s, naming the capture but not the response', (_name, text) => {
    const vars = ['', '', ''];
    const failure = set([{ var: 'token', kind: 'json', path: ['token'], source: '$.token' }]).extract(
      null,
      body(text),
      vars,
    );
    expect(failure).toBe('token ($.token): no value in the response');
    expect(vars[0]).toBe('');
  });

  it('fails on a missing header and a regex that does not match', () => {
    expect(
      set([{ var: 'session', kind: 'header', header: 'x-session' }]).extract(headers({}), null, ['', '', '']),
    ).toMatch(/session \(header x-session\)/);
    expect(
      set([{ var: 'id', kind: 'regex', pattern: 'id=(\\d+)', from: 'body' }]).extract(null, body('no id here'), [
        '',
        '',
        '',
      ]),
    ).toMatch(/id \(regex on body\)/);
  });
});
