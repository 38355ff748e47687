/**
 * `capplan alerts` as data in, text out: records + options → the rule file, the optional
 * `promtool test rules` file, and the list of rules left out with why. Pure.
 */
import { posix } from 'node:path';
import type { RunRecord } from '../record/types.js';
import { capacityOf } from './capacity.js';
import { renderPromtoolTests } from './promtool-tests.js';
import { ruleFileHeader, renderRuleFile } from './render.js';
import { buildRuleSet } from './rules.js';
import { moments } from './scenarios.js';
import type { AlertOptions, Capacity, MetricSource, Skipped } from './types.js';

export type AlertsInput = {
  runs: { record: RunRecord; file: string }[];
  options: AlertOptions;
  source: MetricSource;
  /** The command line, for the header. */
  command: string;
  /** Paths as the user gave them, to refer from the test file to the rule file. */
  ruleFile?: string;
  testFile?: string;
};

export type AlertsOutput = {
  rules: string;
  tests: string | undefined;
  capacity: Capacity;
  recordingCount: number;
  alertCount: number;
  skipped: Skipped[];
};

/** Where the run with the lowest capacity is: the one the thresholds (and test series) come from. */
function thresholdRun(input: AlertsInput, capacity: Capacity): RunRecord {
  const i = capacity.runs.findIndex((r) => r.rate !== null && r.rate === capacity.rate);
  return input.runs[Math.max(0, i)]!.record;
}

export function buildAlerts(input: AlertsInput): AlertsOutput {
  const capacity = capacityOf(input.runs, input.options.warnAt);
  const set = buildRuleSet(input.options, capacity);
  const rules = renderRuleFile(set, ruleFileHeader(set, capacity, input.source, input.command));
  let tests: string | undefined;
  if (input.testFile !== undefined && input.ruleFile !== undefined) {
    const rel =
      posix.relative(posix.dirname(toPosix(input.testFile)), toPosix(input.ruleFile)) || posix.basename(input.ruleFile);
    tests = renderPromtoolTests({
      specs: set.specs,
      options: input.options,
      capacity,
      moments: moments(thresholdRun(input, capacity), capacity, input.options),
      ruleFile: rel,
    });
  }
  const alertCount = set.rules.filter((r) => 'alert' in r).length;
  return { rules, tests, capacity, recordingCount: set.rules.length - alertCount, alertCount, skipped: set.skipped };
}

const toPosix = (p: string): string => p.split('\\').join('/');
