import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/record/types.js';
import { renderJunit } from '../../src/report/index.js';
import { FIXTURE_NAMES, loadFixture, XSS_BODY, XSS_NAME, xssRecord } from './fixtures.js';

type TestCase = {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string };
  skipped?: { '@_message': string };
};
type Suite = {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  testcase: TestCase[];
  properties: { property: { '@_name': string; '@_value': string }[] };
};

function parse(record: RunRecord): Suite {
  const xml = renderJunit(record);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['testcase', 'property'].includes(name),
  }).parse(xml) as { testsuites: { testsuite: Suite } };
  return doc.testsuites.testsuite;
}

describe('junit.xml', () => {
  it.each(FIXTURE_NAMES)('%s matches its golden file', async (name) => {
    await expect(renderJunit(loadFixture(name))).toMatchFileSnapshot(`./__snapshots__/${name}.junit.xml`);
  });

  it.each(FIXTURE_NAMES)('%s parses, with one test case per SLO and per measured metric', (name) => {
    const record = loadFixture(name);
    const suite = parse(record);
    expect(suite['@_name']).toBe(`capplan: ${record.scenario.name}`);
    const names = suite.testcase.map((t) => t['@_name']);
    expect(names.filter((n) => n.startsWith('slo: '))).toHaveLength(record.analysis.slo.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'run completed',
        'generator not saturated',
        'capacity: knee found',
        'capacity: max goodput measured',
      ]),
    );
    expect(names.filter((n) => n.startsWith('spike '))).toHaveLength(record.analysis.spikes.length);
    const failed = suite.testcase.filter((t) => t.failure).length;
    expect(Number(suite['@_failures'])).toBe(failed);
    expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
    const failedSlos = suite.testcase.filter((t) => t['@_classname'] === 'capplan.slo' && t.failure).length;
    expect(failedSlos).toBe(record.analysis.slo.filter((s) => !s.pass).length);
  });

  it('fails the plan case when capacity is short of the peak, and skips a knee that was not reached', () => {
    const sweep = parse(loadFixture('sweep-knee'));
    const plan = sweep.testcase.find((t) => t['@_classname'] === 'capplan.plan');
    expect(plan?.failure?.['@_message']).toMatch(/^headroom −\d+%/);
    expect(sweep.testcase.find((t) => t['@_name'] === 'capacity: knee found')?.failure).toBeUndefined();
    const censored = parse(loadFixture('not-reached'));
    expect(censored.testcase.find((t) => t['@_name'] === 'capacity: knee found')?.skipped?.['@_message']).toBe(
      'not reached: knee > 16 concurrent',
    );
    expect(censored.properties.property.find((p) => p['@_name'] === 'kneeCensored')?.['@_value']).toBe('above');
  });

  it('fails "generator not saturated" and "run completed" when they are not true', () => {
    const record = loadFixture('sweep-knee');
    const last = record.steps.at(-1)!;
    last.generatorSaturated = true;
    record.status = 'interrupted';
    const suite = parse(record);
    expect(suite.testcase.find((t) => t['@_name'] === 'generator not saturated')?.failure?.['@_message']).toContain(
      last.label,
    );
    expect(suite.testcase.find((t) => t['@_name'] === 'run completed')?.failure?.['@_message']).toBe('run interrupted');
  });

  it('escapes hostile names and messages into valid XML that reads back the same', () => {
    const record = xssRecord();
    record.analysis.summary = `${XSS_BODY} \u0001 & done`;
    const xml = renderJunit(record);
    expect(xml).not.toContain('<script>');
    const suite = parse(record);
    expect(suite['@_name']).toBe(`capplan: ${XSS_NAME}`);
  });
});
