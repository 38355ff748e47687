/**
 * Escaping for every string that may come from a scenario, a target or a message
 * (scenario names, error samples, stage labels, probe names): a report must show them
 * as text, never run them.
 */
import { maxOf } from '../stats/index.js';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values (double- or single-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * XML 1.0 text and attribute values: the five entities, plus control characters that
 * XML 1.0 cannot carry at all (a target's binary error body) replaced by U+FFFD.
 */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
  return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')).replace(
    /&#39;/g,
    '&apos;',
  );
}

/**
 * One line of plain text from a target (an error body, a message): line breaks and tabs
 * become spaces; other control characters (ESC sequences that would drive the terminal,
 * C1 controls) and bidirectional overrides are removed. For terminal and Markdown output.
 */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\t\n\r]+/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/**
 * A GitHub-flavoured Markdown table cell or inline text: pipes and backticks escaped, HTML
 * neutralised, emphasis characters escaped, newlines folded to one line, controls removed.
 */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/**
 * Markdown inline code for a table cell that cannot be broken out of: the fence is longer
 * than any backtick run inside, and pipes are escaped (GFM splits cells on them even in code).
 */
export function markdownCode(text: string): string {
  const oneLine = plainText(text);
  const longest = maxOf(
    (oneLine.match(/`+/g) ?? []).map((run) => run.length),
    0,
  );
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}
