/**
 * `capplan alerts` as a pure function: runs' capacity + the service's metric names in, a
 * Prometheus rule group out (recording rules first: a group evaluates its rules in order),
 * with the rules it could not justify listed as skipped.
 */
import { templateFmt } from './annotations.js';
import { alertSpecs, type AlertSpec } from './alerting.js';
import { promDuration } from './promql.js';
import { RECORD, recorded, recordingRules } from './recording.js';
import type { AlertOptions, AlertingRule, Capacity, RuleSet } from './types.js';

/** The group's name: one group per service. */
export const groupName = (service: string): string => `capplan-${service}`;

export function alertingRule(spec: AlertSpec, options: AlertOptions, hasRate: boolean): AlertingRule {
  const fmt = templateFmt(hasRate ? recorded(RECORD.rate, options.service) : undefined);
  return {
    alert: spec.alert,
    expr: spec.expr,
    for: promDuration(spec.forMs),
    labels: spec.labels,
    annotations: spec.annotate(fmt),
  };
}

export function buildRuleSet(options: AlertOptions, capacity: Capacity): RuleSet & { specs: AlertSpec[] } {
  const recordings = recordingRules(options, capacity);
  const alerts = alertSpecs(options, capacity, recordings.rules, recordings.skipped);
  const hasRate = recordings.rules.some((r) => r.record === RECORD.rate);
  return {
    group: groupName(options.service),
    rules: [...recordings.rules, ...alerts.specs.map((s) => alertingRule(s, options, hasRate))],
    skipped: [...recordings.skipped, ...alerts.skipped],
    specs: alerts.specs,
  };
}
