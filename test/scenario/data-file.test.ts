import { describe, expect, it } from 'vitest';
import { parseDataFile } from '../../src/scenario/data-file.js';

describe('parseDataFile: CSV with a header row', () => {
  it('reads quoted fields, doubled quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffuser,note\r\nalice,"a, b"\r\n"bob","say ""hi"""\r\ncarol,"two\nlines"\r\n';
    expect(parseDataFile(text, 'users.csv')).toEqual({
      ok: true,
      columns: ['user', 'note'],
      rows: [
        ['alice', 'a, b'],
        ['bob', 'say "hi"'],
        ['carol', 'two\nlines'],
      ],
    });
  });

  it('skips blank lines and takes a last line without a newline', () => {
    expect(parseDataFile('a,b\n1,2\n\n3,4', 'x.csv')).toEqual({
      ok: true,
      columns: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });

  it.each([
    ['', 'data file d.csv is empty'],
    ['  \n', 'data file d.csv is empty'],
    ['a,b\n', 'data file d.csv has a header but no rows'],
    ['a,b\n1,2,3\n', 'data file d.csv line 2: 3 fields, the header row has 2'],
    ['a,,b\n1,2,3\n', 'data file d.csv line 1: column 2 of the header row has no name'],
    ['a,a\n1,2\n', 'data file d.csv line 1: column "a" appears twice in the header row'],
    ['a\n"open\n', 'data file d.csv line 2: a quoted field is not closed'],
  ])('%j: %s', (text, message) => {
    expect(parseDataFile(text, 'd.csv')).toEqual({ ok: false, message });
  });

  it('never puts a value into a message (data files may hold passwords)', () => {
    const parsed = parseDataFile('user,password\nalice,hunter2,extra\n', 'd.csv');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).not.toContain('hunter2');
  });
});

describe('parseDataFile: JSON lines', () => {
  it('reads one object per line; numbers and objects become text', () => {
    const text = '{"user":"alice","id":1}\n\n{"user":"bob","id":{"x":2}}\n';
    expect(parseDataFile(text, 'users.jsonl')).toEqual({
      ok: true,
      columns: ['user', 'id'],
      rows: [
        ['alice', '1'],
        ['bob', '{"x":2}'],
      ],
    });
  });

  it.each([
    ['{"a":1}\nnot json\n', 'data file u.ndjson line 2: not a JSON object'],
    ['{"a":1}\n[1]\n', 'data file u.ndjson line 2: expected a JSON object'],
    ['{"a":1,"b":2}\n{"a":3}\n', 'data file u.ndjson line 2: no "b" key (the first line has it)'],
    ['{}\n', 'data file u.ndjson has no columns'],
  ])('%j: %s', (text, message) => {
    expect(parseDataFile(text, 'u.ndjson')).toEqual({ ok: false, message });
  });
});
