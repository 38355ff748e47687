/**
 * Live metrics out, against a real Prometheus: one run both serves `--metrics-port` (scraped
 * at 1 s) and pushes `--remote-write`; the series' totals must equal the RunRecord's counts
 * (remote write exactly, since the last push follows the last window; the scrape within one
 * scrape interval of traffic at the edge). A dead remote-write endpoint only warns.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { decodeHistogram, mergeEncoded } from '../../src/metrics/histogram.js';
import { readRunRecord } from '../../src/record/read.js';
import type { RunRecord } from '../../src/record/types.js';
import { fakeIo } from '../helpers/io.js';
import { requireBinary, startPrometheus, type PrometheusHandle } from '../helpers/prometheus.js';
import { freePort, startFixedLatencyServer, type TestServer } from '../helpers/servers.js';
import { tmpdir } from '../helpers/tmpdir.js';

const hasPrometheus = requireBinary('prometheus');

const scenario = (url: string): string => `version: 1
name: live-export
target: { url: ${url}, timeout: 2s }
requests:
  - { name: home, path: / }
load:
  model: closed
  stages:
    - { duration: 2s, concurrency: 4, name: warm }
    - { duration: 2s, concurrency: 8, name: busy }
`;

const sum = (r: RunRecord, f: (w: RunRecord['windows'][number]) => number): number =>
  r.windows.reduce((a, w) => a + f(w), 0);

/** Ok requests of the record with latency <= limitUs, from its windows' HDR histograms. */
function countAtMost(record: RunRecord, limitUs: number): number {
  const h = decodeHistogram(mergeEncoded(record.windows.map((w) => w.hdr))) as unknown as {
    countsArrayLength: number;
    getCountAtIndex: (i: number) => number;
    valueFromIndex: (i: number) => number;
  };
  let n = 0;
  for (let i = 0; i < h.countsArrayLength; i++) if (h.valueFromIndex(i) <= limitUs) n += h.getCountAtIndex(i);
  return n;
}

async function value(prom: PrometheusHandle, q: string): Promise<number> {
  // A sample ingested from the last scrape or push may take a moment to be queryable (busy
  // machine): ask again for up to 5 s before reading "no series" as NaN.
  for (let attempt = 0; ; attempt++) {
    const result = await prom.query(q);
    if (result.length > 0) return Number(result[0]!.value[1]);
    if (attempt >= 10) return Number.NaN;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(!hasPrometheus)('live metrics export (real Prometheus)', () => {
  let server: TestServer;
  let prom: PrometheusHandle;
  let metricsPort: number;

  beforeAll(async () => {
    server = await startFixedLatencyServer({ latencyMs: 20 });
    metricsPort = await freePort();
    prom = await startPrometheus({
      scrapeTargets: [{ job: 'capplan-scrape', target: `127.0.0.1:${metricsPort}` }],
      remoteWriteReceiver: true,
    });
    // Prometheus hands discovered targets to its scrape loops up to ~5 s after start: wait until
    // it has tried the (not yet listening) capplan target once, so the short run gets scraped.
    for (let i = 0; i < 40; i++) {
      const body = await fetch(`${prom.url}/api/v1/targets`).then((r) => r.text());
      if (body.includes('capplan-scrape') && !body.includes('"lastScrape":"0001-01-01T00:00:00Z"')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  afterAll(async () => {
    await prom?.stop();
    await server?.close();
  });

  it("scraped and remote-written series equal the RunRecord's counts", async () => {
    const dir = tmpdir({ 'load.yml': scenario(server.url) });
    const io = fakeIo({ cwd: dir });
    const code = await run(
      [
        'run',
        'load.yml',
        '--workers',
        '1',
        '--no-progress',
        '--out',
        'out',
        '--metrics-port',
        String(metricsPort),
        '--remote-write',
        `${prom.url}/api/v1/write`,
      ],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    expect(io.err()).toContain(`live metrics at http://127.0.0.1:${metricsPort}/metrics`);
    expect(io.err()).not.toContain('warning');
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    const ok = sum(record, (w) => w.ok);
    expect(ok).toBeGreaterThan(300);
    // Remote write: the final push carries the final totals.
    const rw = '{job="capplan", scenario="live-export"}';
    expect(await value(prom, `capplan_requests_total{job="capplan", outcome="ok", request="home"}`)).toBe(ok);
    expect(await value(prom, `capplan_sent_requests_total${rw}`)).toBe(sum(record, (w) => w.sent));
    expect(await value(prom, `capplan_intended_requests_total${rw}`)).toBe(sum(record, (w) => w.intended));
    expect(await value(prom, `http_client_request_duration_seconds_count${rw}`)).toBe(ok);
    // Buckets hold what the record's HDR histograms hold (every ok request took >= 20 ms).
    expect(await value(prom, `http_client_request_duration_seconds_bucket{job="capplan", le="0.01"}`)).toBe(0);
    for (const le of [0.025, 0.05, 0.1]) {
      expect(await value(prom, `http_client_request_duration_seconds_bucket{job="capplan", le="${le}"}`)).toBe(
        countAtMost(record, le * 1e6),
      );
    }
    // Scrape: the last scrape may miss up to one interval (one window, plus the drain) of traffic.
    const edge = Math.max(...record.windows.map((w) => w.ok)) + sum(record, (w) => (w.drain === true ? w.ok : 0));
    // The scrape target is gone now (stale): the counter's highest value is its last.
    const scraped = await value(prom, 'max_over_time(capplan_requests_total{job="capplan-scrape", outcome="ok"}[1m])');
    const up = await prom.query('max_over_time(up{job="capplan-scrape"}[1m])');
    const targets = await fetch(`${prom.url}/api/v1/targets`).then((r) => r.text());
    expect(scraped, `up ${JSON.stringify(up)} targets ${targets.slice(0, 600)}`).toBeLessThanOrEqual(ok);
    expect(scraped).toBeGreaterThanOrEqual(ok - edge);
    // Each stage carries its own level; the first stage's second of windows may fall before the
    // first scrape (the same edge as above), so only the stages seen are compared.
    const levels = await prom.query('max_over_time(capplan_load_level{job="capplan-scrape"}[1m])');
    const byStage = Object.fromEntries(levels.map((s) => [s.metric['stage'], Number(s.value[1])]));
    expect(byStage['busy']).toBe(8);
    expect({ warm: 4, ...byStage }).toEqual({ warm: 4, busy: 8 });
  });

  it('a dead remote-write endpoint warns once and the run completes', async () => {
    const dead = await freePort();
    const dir = tmpdir({ 'load.yml': scenario(server.url).replace('2s, concurrency: 8', '1s, concurrency: 8') });
    const io = fakeIo({ cwd: dir });
    const code = await run(
      ['run', 'load.yml', '--workers', '1', '--no-progress', '--remote-write', `http://127.0.0.1:${dead}/api/v1/write`],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const warnings = io
      .err()
      .split('\n')
      .filter((l) => l.startsWith('warning: remote write'));
    expect(warnings).toEqual([
      `warning: remote write to http://127.0.0.1:${dead}/api/v1/write failed (ECONNREFUSED); the run goes on`,
    ]);
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(1);
  });
});
