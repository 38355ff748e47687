/** Issue #17 items 10, 12, 13: inputs that would pass validation and then fail every request, or leak. */
import { describe, expect, it } from 'vitest';
import { scenarioProblems } from './problems.js';

function problems(text: string): string[] {
  return scenarioProblems(text, 'h.yml', { env: { TOKEN: 'a\r\nx-evil: 1' } });
}

const LOAD = 'load: { stages: [{ duration: 1s, concurrency: 1 }] }';

describe('hostile scenario inputs', () => {
  it('refuses credentials in the target URL, without repeating them', () => {
    const found = problems(`target: { url: "http://admin:s3cret@127.0.0.1:3000" }\nrequests: [{ path: / }]\n${LOAD}`);
    expect(found).toEqual([
      '1:16: target.url: credentials in the URL are not sent; put them in a header instead, ' +
        'e.g. headers: { authorization: "Basic ${env.TARGET_BASIC_AUTH}" }',
    ]);
    expect(found.join('')).not.toContain('s3cret');
  });

  it('refuses line breaks in header values (also from ${env.X}) and in paths', () => {
    const text =
      'target: { url: "http://127.0.0.1:3000", headers: { x-a: "${env.TOKEN}" } }\n' +
      `requests: [{ path: "/a\\nb", headers: { x-b: "1\\r2" } }]\n${LOAD}`;
    expect(problems(text)).toEqual([
      expect.stringMatching(/^1:\d+: target\.headers\.x-a: a header value may not contain a line break \(CR or LF\)$/),
      expect.stringMatching(/^2:\d+: requests\[0\]\.path: a path may not contain a line break \(CR or LF\)$/),
      expect.stringMatching(
        /^2:\d+: requests\[0\]\.headers\.x-b: a header value may not contain a line break \(CR or LF\)$/,
      ),
    ]);
  });

  it('bounds the demo target pool as the demo target does', () => {
    expect(problems(`target: { demo: { pool: 1000000000, hold: 5ms } }\nrequests: [{ path: / }]\n${LOAD}`)).toEqual([
      expect.stringMatching(/^1:\d+: target\.demo\.pool: at most 10000 \(the demo target's limit\), got 1000000000$/),
    ]);
  });

  it('says "only one YAML document" for a second document', () => {
    expect(
      problems(`target: { url: "http://127.0.0.1:3000" }\nrequests: [{ path: / }]\n${LOAD}\n---\nname: b\n`),
    ).toEqual(['4:1: only one YAML document per scenario: remove the second "---" and what follows']);
  });
});
