/**
 * The bottleneck block (issue 11 §1) in the terminal, Markdown and HTML reports: the
 * resource, the evidence for and against, what would settle it, surge or slowdown. The
 * stored fixtures predate attribution, so the block is checked on records re-analyzed and
 * on a hand-made bottleneck with hostile strings.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analyze/index.js';
import type { Bottleneck, RunRecord } from '../../src/record/types.js';
import { renderHtml, renderMarkdown, renderTerminal } from '../../src/report/index.js';
import { buildRecord, poolRows } from '../helpers/records.js';
import { loadFixture, XSS_BODY } from './fixtures.js';

const BLOCK: Bottleneck = {
  limit: 20,
  resource: 'unknown',
  evidence: [{ source: 'latency', at: 20, text: 'throughput flat at 400 req/s and latency = N/X past the knee' }],
  against: [
    {
      source: 'Server-Timing',
      text: 'Server-Timing pool wait stays ≈ 0 (0 ms) while latency grows 3.1× past the knee',
    },
  ],
  settle: 'add a `postgres` probe (pg_stat_activity) if the service uses PostgreSQL',
  failure: {
    cause: 'surge',
    step: 'c=24',
    offered: 24,
    capacity: 20,
    unit: 'concurrent',
    text: 'A surge: errors began at 24 concurrent requests offered.',
  },
};

function withBlock(b: Bottleneck): RunRecord {
  const record = loadFixture('sweep-knee');
  record.analysis = { ...record.analysis, bottleneck: b };
  return record;
}

describe('bottleneck block', () => {
  it('terminal: resource, evidence for and against, to settle it, surge or slowdown', () => {
    const text = renderTerminal(withBlock(BLOCK), { color: false, columns: 100 });
    expect(text).toContain('What ran out: unknown: capplan cannot tell without a server-side view');
    expect(text).toContain('+ latency: throughput flat at 400 req/s');
    expect(text).toContain('− against (Server-Timing): Server-Timing pool wait stays ≈ 0');
    expect(text).toContain('? to settle it: add a `postgres` probe');
    expect(text).toContain('» A surge: errors began at 24 concurrent requests offered.');
  });
  it('Markdown and HTML carry the same block, escaped', () => {
    const hostile = { ...BLOCK, evidence: [{ source: XSS_BODY, at: null, text: `a | b ${XSS_BODY}` }] };
    const md = renderMarkdown(withBlock(hostile));
    expect(md).toContain('### What ran out: unknown: capplan cannot tell without a server-side view');
    expect(md).toContain('- ✘ against (Server-Timing): Server-Timing pool wait stays ≈ 0');
    expect(md).toMatch(/- \*\*To settle it:\*\* add a \\?`postgres\\?` probe/);
    expect(md).not.toContain(XSS_BODY);
    const html = renderHtml(withBlock(hostile));
    expect(html).toContain('<h2>What ran out: unknown: capplan cannot tell without a server-side view</h2>');
    expect(html).toContain('<span class="kind">against</span> Server-Timing: Server-Timing pool wait stays ≈ 0');
    expect(html).toContain('<span class="kind">to settle it</span>');
    expect(html).not.toContain(XSS_BODY);
  });
  it('a re-analyzed pool sweep shows its connection-pool evidence in all three', () => {
    const record = buildRecord(
      poolRows([1, 4, 8, 12, 16, 20, 24, 28, 32, 40, 48], { poolSize: 20, serviceMs: 50, serverTiming: true }),
    );
    const full = { ...record, analysis: analyzeRun(record, { bootstrapSamples: 50 }) } as RunRecord;
    for (const out of [renderTerminal(full, { color: false, columns: 100 }), renderMarkdown(full), renderHtml(full)]) {
      expect(out).toContain('What ran out: a connection pool');
      expect(out).toContain('Server-Timing pool wait ≈ 0 below the knee, then grows');
    }
  });
  it('no block for runs that attributed nothing (older records too)', () => {
    const record = loadFixture('not-reached');
    expect(renderTerminal(record, { color: false, columns: 100 })).not.toContain('What ran out');
    expect(renderMarkdown(record)).not.toContain('What ran out');
  });
});
