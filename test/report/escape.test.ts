import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeXml, markdownCode } from '../../src/report/escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`)).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;',
    );
  });

  it('escapes an ampersand once, so entities in the input stay visible as typed', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text alone', () => {
    expect(escapeHtml('c=64 · 95% CI 19.6–21.3')).toBe('c=64 · 95% CI 19.6–21.3');
  });
});

describe('escapeXml', () => {
  it('uses &apos; and replaces characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a'b"<c>&\u0000\u0007\u001f`)).toBe('a&apos;b&quot;&lt;c&gt;&amp;\uFFFD\uFFFD\uFFFD');
  });

  it('keeps tabs and newlines, which XML allows', () => {
    expect(escapeXml('a\tb\nc')).toBe('a\tb\nc');
  });
});

describe('escapeMarkdown', () => {
  it('keeps a pipe from splitting a table cell and HTML from rendering', () => {
    expect(escapeMarkdown('a | b <script>alert(1)</script>')).toBe('a \\| b &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes backticks, emphasis and folds newlines', () => {
    expect(escapeMarkdown('`x` *y* _z_\nnext')).toBe('\\`x\\` \\*y\\* \\_z\\_ next');
  });

  it('builds a code span that no backtick run can close', () => {
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('x|y')).toBe('`x\\|y`');
  });
});
