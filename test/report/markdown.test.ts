import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/index.js';
import { FIXTURE_NAMES, loadFixture, XSS_BODY, xssRecord } from './fixtures.js';

/** Cells of a GFM table row: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/);
}

describe('report.md', () => {
  it.each(FIXTURE_NAMES)('%s matches its golden file', async (name) => {
    await expect(renderMarkdown(loadFixture(name))).toMatchFileSnapshot(`./__snapshots__/${name}.md`);
  });

  it('carries the same key numbers and every SLO', () => {
    const record = loadFixture('sweep-knee');
    const md = renderMarkdown(record);
    expect(md).toContain(`> ${record.analysis.summary.replace(/</g, '&lt;')}`);
    expect(md).toMatch(/\| \*\*Capacity knee\*\* \| 20\.4 concurrent \| 95% CI 19\.6–21\.3/);
    const sloRows = md.split('\n').filter((l) => /^\| (p99|errorRate) /.test(l));
    expect(sloRows).toHaveLength(record.analysis.slo.length);
  });

  it('escapes strings so tables keep their shape and no HTML renders', () => {
    const md = renderMarkdown(xssRecord());
    expect(md).not.toContain(XSS_BODY);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Every row of a table has as many cells as its header.
    const lines = md.split('\n');
    lines.forEach((line, i) => {
      if (!/^\| ---/.test(line)) return;
      const width = cells(lines[i - 1] ?? '').length;
      for (let j = i + 1; lines[j]?.startsWith('|'); j++) expect(cells(lines[j] ?? '')).toHaveLength(width);
    });
  });
});
