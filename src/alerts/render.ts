/**
 * The rule file as YAML text: a header that says which runs the thresholds came from and
 * which rules are missing and why, then the Prometheus `groups:` document.
 */
import { stringify } from 'yaml';
import type { Capacity, MetricSource, RuleSet } from './types.js';

const ms = (x: number | null): string => (x === null ? 'not measured' : `${Math.round(x * 10) / 10} ms`);
const rate = (x: number | null): string => (x === null ? 'not measured' : `${Math.round(x * 10) / 10} req/s`);

export function ruleFileHeader(set: RuleSet, capacity: Capacity, source: MetricSource, command: string): string {
  const lines = [
    `Written by ${command}`,
    'Thresholds from the lowest capacity among these runs:',
    ...capacity.runs.map(
      (r) =>
        `  ${r.name} (${r.file}, ${r.startedAt}): verdict ${r.verdict}, capacity ${rate(r.rate)}, ` +
        `knee ${r.knee ?? 'not measured'}, p99 below warn-at ${ms(r.p99Ms)}`,
    ),
    `Used: capacity ${rate(capacity.rate)}, knee ${capacity.knee ?? 'not measured'}.`,
    `Metric names: ${source.convention === null ? 'no known convention' : `the ${source.convention} convention`}` +
      (source.given.length > 0 ? `, given: ${source.given.join(', ')}` : ''),
    ...(set.skipped.length === 0
      ? ['Every rule is written.']
      : ['Skipped:', ...set.skipped.map((s) => `  ${s.rule}: ${s.why}`)]),
  ];
  return lines.map((l) => `# ${l}`.trimEnd()).join('\n') + '\n';
}

export function renderRuleFile(set: RuleSet, header: string): string {
  // A group without rules says nothing: an empty file keeps the skipped list in its header.
  const doc = { groups: set.rules.length === 0 ? [] : [{ name: set.group, rules: set.rules }] };
  return header + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
