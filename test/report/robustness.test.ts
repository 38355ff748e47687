/** Partial and degenerate records (aborted at once, nothing measured) still render. */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/record/types.js';
import { renderHtml, renderJson, renderJunit, renderMarkdown, renderTerminal } from '../../src/report/index.js';
import { EMPTY_ANALYSIS } from '../scale/records.js';
import { loadFixture } from './fixtures.js';

function emptyRecord(): RunRecord {
  const record = loadFixture('not-reached');
  delete record.probes;
  record.status = 'aborted';
  record.abortReason = 'target unreachable after 3 s';
  record.windows = [];
  record.steps = [];
  record.analysis = {
    ...EMPTY_ANALYSIS,
    summary: 'Too few steps to analyze: the run stopped before the second level.',
  };
  return record;
}

describe('degenerate records', () => {
  it('render in every format without throwing and say the run was aborted', () => {
    const record = emptyRecord();
    expect(renderTerminal(record, { color: false })).toContain('run aborted: target unreachable after 3 s');
    const html = renderHtml(record);
    expect(html).toContain('Too few steps to analyze');
    expect(html).not.toContain('NaN');
    expect(renderMarkdown(record)).toContain('run aborted');
    const junit = renderJunit(record);
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<failure message="run aborted: target unreachable after 3 s"');
    expect(JSON.parse(renderJson(record))).toEqual(record);
  });

  it('never prints NaN or Infinity when windows had no successful response', () => {
    const record = loadFixture('open-spike');
    for (const w of record.windows.slice(30, 35)) {
      w.ok = 0;
      w.latencyMs = { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    }
    for (const out of [renderHtml(record), renderMarkdown(record), renderTerminal(record, { color: false })]) {
      expect(out).not.toMatch(/NaN|Infinity/);
    }
  });
});
