import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hingeAt, uslAt } from '../../src/report/charts/level-charts.js';
import { renderHtml, REPORT_CSP } from '../../src/report/index.js';
import { FIXTURE_NAMES, loadFixture, xssRecord } from './fixtures.js';

function svgs(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

describe('report.html', () => {
  it.each(FIXTURE_NAMES)('%s matches its golden file', async (name) => {
    await expect(renderHtml(loadFixture(name))).toMatchFileSnapshot(`./__snapshots__/${name}.html`);
  });

  it.each(FIXTURE_NAMES)('%s is self-contained: strict CSP, no script, no external URL', (name) => {
    const html = renderHtml(loadFixture(name));
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replace(/'/g, '&#39;')}">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // Only the SVG namespace URI may look like a URL (it is an identifier, never fetched).
    expect(
      html
        .match(/(?:src|href)=|https?:\/\/(?!www\.w3\.org\/2000\/svg)[^\s"<]*/g)
        ?.filter((u) => !u.includes('127.0.0.1')) ?? [],
    ).toEqual([]);
  });

  it.each(FIXTURE_NAMES)('%s: every chart is well-formed SVG with role, label, title and a data-chart id', (name) => {
    const charts = svgs(renderHtml(loadFixture(name)));
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const svg of charts) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toMatch(/^<svg class="chart" data-chart="[a-z-]+" role="img" aria-label="[^"]{10,}"/);
      expect(svg).toMatch(/<title>[^<]{4,}<\/title>/);
    }
  });

  it('draws goodput and latency against concurrency for sweeps, and time series for every run', () => {
    const ids = (name: (typeof FIXTURE_NAMES)[number]): string[] =>
      svgs(renderHtml(loadFixture(name))).map((s) => /data-chart="([^"]+)"/.exec(s)?.[1] ?? '');
    expect(ids('sweep-knee')).toEqual([
      'goodput',
      'latency',
      'headroom',
      'timeseries-rate',
      'timeseries-latency',
      'timeseries-errors',
      'timeseries-inflight',
      'probe',
    ]);
    expect(ids('open-spike')).toEqual([
      'timeseries-rate',
      'timeseries-latency',
      'timeseries-errors',
      'timeseries-inflight',
      'probe',
      'headroom',
    ]);
    expect(ids('not-reached')).toEqual([
      'goodput',
      'latency',
      'timeseries-rate',
      'timeseries-latency',
      'timeseries-inflight',
    ]);
  });

  it('marks the knee with its 95% interval and labels stages from the windows', () => {
    const html = renderHtml(loadFixture('sweep-knee'));
    expect(html).toContain('knee 20.4 (95% CI 19.6–21.3)');
    expect(html).toMatch(/class="band band-ci"/);
    const spike = renderHtml(loadFixture('open-spike'));
    for (const stage of ['baseline', 'ramp', 'spike', 'recovery']) expect(spike).toContain(`>${stage}</text>`);
  });

  it('escapes every hostile string, in text and in attributes', () => {
    const html = renderHtml(xssRecord());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<svg onload/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;&#39;');
    for (const svg of svgs(html)) expect(XMLValidator.validate(svg)).toBe(true);
  });
});

describe('fitted models drawn on the goodput chart', () => {
  it('hinge: a·min(x,τ) + b·max(x−τ,0)', () => {
    const h = { a: 20, b: -1, tau: 20, aicc: 0 };
    expect(hingeAt(h, 10)).toBe(200);
    expect(hingeAt(h, 20)).toBe(400);
    expect(hingeAt(h, 30)).toBe(390);
  });

  it('USL: λN / (1 + σ(N−1) + κN(N−1)), peaking at sqrt((1−σ)/κ)', () => {
    const u = { sigma: 0.05, kappa: 0.001, lambda: 20, nPeak: null, xPeak: null, aicc: 0 };
    expect(uslAt(u, 1)).toBe(20);
    const peak = Math.sqrt((1 - u.sigma) / u.kappa);
    expect(uslAt(u, peak)).toBeGreaterThan(uslAt(u, peak - 3));
    expect(uslAt(u, peak)).toBeGreaterThan(uslAt(u, peak + 3));
  });
});
