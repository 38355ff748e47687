/** Issue #17 item 5: a 24-hour soak renders in every format, and report.html stays small. */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analyze/index.js';
import { FILE_RENDERERS, renderTerminal } from '../../src/report/index.js';
import { longRecord } from '../helpers/long-record.js';

const DAY = 86_400;
const HTML_BUDGET_BYTES = 2_000_000;

describe('a 24-hour record (86,400 windows)', () => {
  it('renders every format (no stack overflow), report.html under its size budget', () => {
    const record = longRecord(DAY);
    const analyzed = { ...record, analysis: analyzeRun(record, { bootstrapSamples: 0 }) };
    expect(renderTerminal(analyzed, { color: false, columns: 100, files: [] })).toContain('soak');
    const out = Object.fromEntries(
      Object.entries(FILE_RENDERERS).map(([format, render]) => [format, render(analyzed)]),
    );
    expect(JSON.parse(out['json']!)).toMatchObject({ schema: 'capplan.run/v1' });
    expect(out['md']).toContain('soak');
    expect(out['junit']).toContain('<testsuite');
    // Time series are decimated per pixel column: the size does not grow with the run's length.
    expect(out['html']!.length).toBeLessThan(HTML_BUDGET_BYTES);
  }, 90_000); // a day of windows through the analyzer and five renderers: seconds, more on a loaded machine
});
