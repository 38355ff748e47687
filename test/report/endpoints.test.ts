import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analyze/index.js';
import type { RunRecord } from '../../src/record/types.js';
import { endpointRows } from '../../src/report/endpoints.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { createRng } from '../helpers/rng.js';
import { buildRecord, requestsWindow, type WindowSpec } from '../scale/records.js';
import { joinRegExp } from '../helpers/regex.js';

const EVIL = 'pay<script>|x';

function record(names: readonly string[]): RunRecord {
  const random = createRng(5);
  const windows: WindowSpec[] = [];
  for (const [phaseIndex, stage, level] of [
    [0, 'baseline', 10],
    [1, 'spike', 100],
  ] as const) {
    for (let w = 0; w < 3; w++) {
      const byRequest: NonNullable<WindowSpec['byRequest']> = {};
      names.forEach((name, i) => {
        const slow = i === 0 && phaseIndex === 1 ? 4 : 1;
        byRequest[name] = {
          latenciesUs: Array.from({ length: 40 }, () => 50_000 * slow * (0.9 + 0.2 * random())),
          errors: slow > 1 ? 10 : 0,
        };
      });
      windows.push(requestsWindow({ phaseIndex, stage, level, byRequest }));
    }
  }
  const r = buildRecord({ windows, name: 'split' });
  const analysis = analyzeRun(r, { bootstrapSamples: 50, requestSlos: [{ request: names[0]!, p99Ms: 100 }] });
  return { ...r, analysis };
}

describe('per-endpoint reports', () => {
  const split = record([EVIL, 'catalogue']);

  it('rows per step and endpoint: rate, percentiles, errors', () => {
    const rows = endpointRows(split);
    expect(rows.map((r) => `${r.step}/${r.name}`)).toEqual([
      `baseline/${EVIL}`,
      'baseline/catalogue',
      `spike/${EVIL}`,
      'spike/catalogue',
    ]);
    const spike = rows[2]!;
    expect(spike.ratePerSec).toBeCloseTo(50, 10);
    expect(spike.errors).toBe(30);
    expect(spike.errorRate).toBeCloseTo(30 / 150, 10);
    expect(spike.p99Ms).toBeGreaterThan(190);
    expect(spike.p50Ms).toBeLessThanOrEqual(spike.p95Ms);
  });

  it('terminal: an Endpoints table within 100 columns, and the pool finding per endpoint', () => {
    const text = renderTerminal(split, { color: false });
    const block = text.slice(text.indexOf('Endpoints\n'));
    expect(block).toMatch(/step\s+endpoint\s+rate\/s\s+p50\s+p95\s+p99\s+errors\s+error rate/);
    expect(block).toMatch(/spike\s+pay<script>\|x\s+50\s+.*\s+30\s+20(\.0)?%/);
    expect(block).toContain(`· ${EVIL}: p99 ×4 (`);
    expect(block).toMatch(/: depends on the pool\n/);
    expect(block).toMatch(
      /· catalogue: p99 ×1 \([^)]*\), p50 ×1 from baseline to spike; no pool\s+errors: stays\s+flat\n/,
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toContain(`${EVIL} p99 ≤ 100 ms`);
  });

  it('markdown: an escaped Endpoints table and findings', () => {
    const md = renderMarkdown(split);
    expect(md).toContain('### Endpoints');
    expect(md).toContain('| step | endpoint | rate/s | p50 | p95 | p99 | errors | error rate |');
    expect(md).not.toContain('pay<script>|x');
    expect(md).toMatch(/\| spike \| pay&lt;script&gt;\\\|x \| 50 \|/);
    expect(md).toMatch(/- \*\*catalogue\*\*: p99 ×1 .*: stays flat\n/);
  });

  it('html: the table, the findings and a p99-per-endpoint chart with one line per endpoint, escaped', () => {
    const html = renderHtml(split);
    expect(html).toContain('<h2>Endpoints</h2>');
    expect(html).toContain('data-table="endpoints"');
    const chart = html.slice(html.indexOf('data-chart="timeseries-endpoints-p99"'));
    expect(chart.length).toBeGreaterThan(0);
    expect(html).not.toContain('<script>');
    expect(html).toContain('pay&lt;script&gt;|x');
    expect(html).toContain('depends on the pool</span>');
  });

  it('junit: one testcase per endpoint SLO result', () => {
    const xml = renderJunit(split);
    expect(
      xml.match(
        joinRegExp(
          [
            /<testcase [^>]*name="slo: pay&lt;script&gt;\|x p99 ≤ 100 ms \(ok requests only\) /,
            /\((baseline|spike|overall)\)"/,
          ],
          'g',
        ),
      ),
    ).toHaveLength(3);
  });

  it('one request name: no endpoint section anywhere', () => {
    const one = record(['only']);
    expect(one.analysis.endpoints).toBeUndefined();
    expect(renderTerminal(one, { color: false })).not.toContain('Endpoints');
    expect(renderMarkdown(one)).not.toContain('Endpoints');
    expect(renderHtml(one)).not.toContain('timeseries-endpoints-p99');
  });
});
