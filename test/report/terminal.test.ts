import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/index.js';
import { FIXTURE_NAMES, loadFixture, xssRecord } from './fixtures.js';

// eslint-disable-next-line no-control-regex -- ANSI escape sequences are what we look for
const ANSI = /\u001b\[[0-9;]*m/g;
const FILES = ['reports/run-20261128T060000Z/run.json', 'reports/run-20261128T060000Z/report.html'];

function widths(text: string): number[] {
  return text.split('\n').map((line) => [...line.replace(ANSI, '')].length);
}

describe('terminal summary', () => {
  it.each(FIXTURE_NAMES)('%s matches its golden file', async (name) => {
    const out = renderTerminal(loadFixture(name), { color: false, columns: 100, files: FILES });
    await expect(out).toMatchFileSnapshot(`./__snapshots__/${name}.terminal.txt`);
  });

  it.each(FIXTURE_NAMES)('%s fits 100 columns, and 80 and 60 when asked', (name) => {
    for (const columns of [100, 80, 60]) {
      const out = renderTerminal(loadFixture(name), { color: true, columns, files: FILES });
      expect(Math.max(...widths(out))).toBeLessThanOrEqual(columns);
    }
  });

  it('starts with the verdict sentence, then the key numbers, and ends with the files', () => {
    const record = loadFixture('sweep-knee');
    const lines = renderTerminal(record, { color: false, columns: 100, files: FILES }).trimEnd().split('\n');
    const firstWords = record.analysis.summary.split(' ').slice(0, 6).join(' ');
    const summaryAt = lines.findIndex((l) => l.startsWith(firstWords));
    expect(summaryAt).toBeGreaterThan(0);
    expect(summaryAt).toBeLessThan(lines.indexOf('Key numbers'));
    expect(lines.slice(-2)).toEqual(FILES.map((f) => `  ${f}`));
  });

  it('shows the knee with its interval, the pool and the plan', () => {
    const out = renderTerminal(loadFixture('sweep-knee'), { color: false });
    expect(out).toMatch(/Capacity knee\s+20\.4 concurrent\s+95% CI 19\.6–21\.3/);
    expect(out).toMatch(/Pool estimate\s+20 connections/);
    expect(out).toMatch(/Headroom at peak\s+−\d+%/);
    expect(out).toMatch(/Recommended pool\s+36 connections/);
    expect(out).toContain('◂ knee');
  });

  it('flags unstable and excluded stages and reports the spike recovery', () => {
    const out = renderTerminal(loadFixture('open-spike'), { color: false });
    expect(out).toMatch(/spike\s+600\s.*unstable, excluded/);
    expect(out).toMatch(/3\.00 s after the spike/);
    expect(out).toContain('|baseline');
  });

  it('says "not reached" with the censored bound', () => {
    const out = renderTerminal(loadFixture('not-reached'), { color: false });
    expect(out).toContain('LIMIT NOT REACHED');
    expect(out).toMatch(/Capacity knee\s+> 16 concurrent/);
    expect(out).toMatch(/Max goodput\s+≥ \d+ req\/s/);
  });

  it('colours only when told to', () => {
    const record = loadFixture('sweep-knee');
    expect(renderTerminal(record, { color: false })).not.toMatch(ANSI);
    const coloured = renderTerminal(record, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(renderTerminal(record, { color: false }));
  });

  it('prints hostile strings as plain text within the width', () => {
    const out = renderTerminal(xssRecord(), { color: false, columns: 100 });
    expect(out).toContain('<img src=x onerror=alert(1)>');
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(100);
  });

  it('copes with an empty, aborted record', () => {
    const record = loadFixture('not-reached');
    record.steps = [];
    record.windows = [];
    record.status = 'aborted';
    record.abortReason = 'safety stop: error rate 62% over 10 s';
    const out = renderTerminal(record, { color: false });
    expect(out).toContain('run aborted: safety stop: error rate 62% over 10 s (partial results)');
  });
});
