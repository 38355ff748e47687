import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/gate/index.js';
import type { GateSample, GateVerdict } from '../../src/gate/types.js';
import { gateHeadline, renderGateJunit, renderGateMarkdown, renderGateTerminal } from '../../src/report/gate.js';

const BASE = [388, 412, 395, 405, 400, 419, 383, 401, 409, 392];

function sample(i: number, over: Partial<GateSample>): GateSample {
  return {
    runId: `r${i}`,
    scenario: 'capacity',
    scenarioSha256: '',
    startedAt: `2026-11-01T08:${String(i).padStart(2, '0')}:00Z`,
    maxGoodputPerSec: 400,
    maxGoodputCensored: false,
    knee: { concurrency: 20, ci95: [18, 22], censored: null },
    maxLevelTested: 64,
    levelsTested: [1, 64],
    errorOnset: null,
    slo: [],
    generatorSaturated: false,
    ...over,
  };
}

const slo = (actual: number): GateSample['slo'] => [
  { metric: 'p99', scope: 'overall', threshold: 300, actual, unit: 'ms', pass: actual <= 300 },
];

function failing(): GateVerdict {
  const baseline = BASE.map((v, i) => sample(i, { maxGoodputPerSec: v }));
  const candidate = [280, 283, 277].map((v, i) =>
    sample(20 + i, { maxGoodputPerSec: v, knee: { concurrency: 14, ci95: [13, 15], censored: null }, slo: slo(200) }),
  );
  return compareRuns(baseline, candidate, { confirmation: 'done' });
}

function passing(): GateVerdict {
  const baseline = BASE.map((v, i) => sample(i, { maxGoodputPerSec: v }));
  const candidate = [560, 570, 565].map((v, i) =>
    sample(20 + i, { maxGoodputPerSec: v, knee: { concurrency: 64, ci95: [64, 64], censored: 'above' } }),
  );
  return compareRuns(baseline, candidate);
}

describe('renderGateTerminal', () => {
  it('prints the headline, one row per metric, the messages and notes; plain without colour', () => {
    const text = renderGateTerminal(failing(), { color: false });
    expect(text.includes('\u001b[')).toBe(false);
    expect(text.split('\n')[0]).toBe('capplan gate: FAIL (10 baseline runs, 3 candidate runs)');
    expect(text).toMatch(
      /│ max goodput\s+│ 400 req\/s \(n=10\)\s+│ 280 req\/s \(n=3\)\s+│ -30%\s+│ 10%\s+│ ±\d(\.\d)?%\s+│ FAIL\s+│/,
    );
    expect(text).toMatch(/│ SLO p99 \(overall\)\s+│ limit 300 ms\s+│ 200 ms \(n=3\)/);
    expect(text).toContain('✗ max goodput fell 30% (400 → 280 req/s), beyond the noise of these runs');
    expect(text).toContain('note: FAIL on max goodput confirmed on all 3 candidate runs');
    for (const line of text.split('\n').filter((l) => l.startsWith('│') || l.startsWith('┌')))
      expect(line.length).toBeLessThanOrEqual(100);
  });

  it('colours by status when asked', () => {
    const text = renderGateTerminal(failing(), { color: true });
    expect(text.includes('\u001b[31m')).toBe(true);
  });
});

describe('renderGateMarkdown', () => {
  it('renders a table that GitHub parses (one row per metric, same number of cells) and the messages', () => {
    const md = renderGateMarkdown(failing());
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ capplan gate: FAIL (10 baseline runs, 3 candidate runs)');
    const rows = lines.filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + 4); // header, separator, goodput, onset, knee, SLO
    const cells = (row: string): string[] => row.slice(2, -2).split(/(?<!\\) \| /);
    for (const row of rows) expect(cells(row)).toHaveLength(7);
    expect(cells(rows[2]!)).toEqual([
      'max goodput',
      '400 req/s (n=10)',
      '280 req/s (n=3)',
      '-30%',
      '10%',
      expect.stringMatching(/^±\d/),
      '❌ FAIL',
    ]);
    expect(md).toContain('- **max goodput**: max goodput fell 30% (400 → 280 req/s), beyond the noise of these runs');
    expect(md).toContain('<details><summary>notes</summary>');
  });

  it('escapes text from scenarios and marks improvements', () => {
    const verdict = passing();
    verdict.metrics[0] = { ...verdict.metrics[0]!, name: 'a|b <script>' };
    const md = renderGateMarkdown(verdict);
    expect(md).toContain('a\\|b &lt;script&gt;');
    expect(md).not.toContain('<script>');
    expect(md).toContain('🚀 improved');
    expect(md.split('\n')[0]).toBe(`## ✅ ${gateHeadline(verdict)}`);
  });
});

describe('renderGateJunit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  type Case = { name: string; failure?: { message: string }; skipped?: unknown; 'system-out'?: string };

  it('is valid XML with one test case per gated metric and SLO, failures for failed ones', () => {
    const xml = renderGateJunit(failing());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as {
      testsuites: { tests: string; failures: string; testsuite: { testcase: Case[] } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(['max goodput', 'error onset', 'knee', 'SLO p99 (overall)']);
    expect(doc.testsuites.tests).toBe('4');
    expect(doc.testsuites.failures).toBe('1');
    expect(cases[0]!.failure!.message).toMatch(/^max goodput fell 30% \(400 → 280 req\/s\)/);
    expect(cases[2]!.failure).toBeUndefined(); // the knee is warn-only by default
    expect(cases[2]!['system-out']).toMatch(/^warn: knee fell 30%/);
    expect(cases[3]!['system-out']).toMatch(/^pass: SLO p99 ≤ 300 ms met in all 3 runs/);
  });

  it('has no failures for a passing verdict and escapes XML in messages', () => {
    const verdict = passing();
    verdict.metrics[1] = { ...verdict.metrics[1]!, message: 'x < y & "z"' };
    const xml = renderGateJunit(verdict);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as { testsuites: { failures: string; testsuite: { testcase: Case[] } } };
    expect(doc.testsuites.failures).toBe('0');
    expect(xml).toContain('pass: x &lt; y &amp; &quot;z&quot;');
    expect(doc.testsuites.testsuite.testcase[1]!['system-out']).toBe('pass: x < y & "z"');
  });
});
