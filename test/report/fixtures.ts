/** The report fixtures (test/fixtures/runs/*.json, made by make-fixtures.mjs) and an XSS variant. */
import { readFileSync } from 'node:fs';
import type { RunRecord } from '../../src/record/types.js';

export const FIXTURE_NAMES = ['sweep-knee', 'open-spike', 'not-reached'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function fixturePath(name: FixtureName): string {
  return new URL(`../fixtures/runs/${name}.json`, import.meta.url).pathname;
}

export function loadFixture(name: FixtureName): RunRecord {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as RunRecord;
}

export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_BODY = '<script>alert(1)</script>';
/** Breaks out of a double-quoted attribute if it were not escaped. */
export const XSS_ATTR = `"><svg onload=alert(2)>'`;

/**
 * The sweep fixture with hostile strings everywhere a scenario or a target can put one:
 * scenario name and file, error samples, stage labels, probe and metric names, signals,
 * warnings, the resolved scenario.
 */
export function xssRecord(): RunRecord {
  const record = loadFixture('sweep-knee');
  record.scenario.name = XSS_NAME;
  record.scenario.file = `${XSS_ATTR}.yml`;
  record.scenario.resolved = { name: XSS_NAME, requests: [{ path: `/${XSS_BODY}` }] };
  for (const step of record.steps) step.errorSamples = [XSS_BODY, `a | b \`code\` ${XSS_ATTR}`];
  const first = record.windows[0];
  if (first) first.stage = XSS_ATTR;
  const firstStep = record.steps[0];
  if (firstStep) firstStep.label = XSS_ATTR;
  const probe = record.probes?.[0];
  if (probe) {
    probe.name = XSS_ATTR;
    for (const s of probe.series) s.values[XSS_BODY] = 1;
  }
  record.analysis.signals.push({ kind: 'probe', at: null, detail: XSS_BODY });
  record.warnings.push(`target said ${XSS_BODY}`);
  record.analysis.slo.push({ metric: 'p99', scope: XSS_ATTR, threshold: 1, actual: 2, unit: 'ms', pass: false });
  return record;
}
