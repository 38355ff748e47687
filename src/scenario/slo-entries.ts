/**
 * `slo:` entries (DESIGN.md §4; wave 2: endpoint SLOs). The section is one entry or a list;
 * an entry without `request` holds for all requests, one with `request: <name>` for that
 * request name only. Each scope appears at most once. Rules and normalization live here so
 * that rules.ts and normalize.ts each change by one line.
 */
import { parseDurationMs } from './duration.js';
import { parsePercent } from './percent.js';
import type { RequestInput, ScenarioInput, SloEntryInput } from './schema.js';
import type { RuleIssue } from './rules.js';
import type { RequestSloSpec, SloSpec } from './types.js';

type Path = (string | number)[];

/** The entries of an `slo:` section with their document paths. */
export function sloEntries(
  slo: NonNullable<ScenarioInput['slo']>,
): { entry: SloEntryInput; path: Path; label: string }[] {
  if (!Array.isArray(slo)) return [{ entry: slo, path: ['slo'], label: 'slo' }];
  return slo.map((entry, i) => ({ entry, path: ['slo', i], label: `slo[${i}]` }));
}

const ms = (text: string): number => parseDurationMs(text) ?? Number.NaN;

function percentilesDoNotDecrease(entry: SloEntryInput, path: Path, label: string): RuleIssue[] {
  const keys = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;
  const issues: RuleIssue[] = [];
  let previous: (typeof keys)[number] | undefined;
  for (const key of keys) {
    const value = entry[key];
    if (value === undefined) continue;
    if (!(ms(value) > 0))
      issues.push({ path: [...path, key], message: `${label}.${key}: must be longer than 0, got "${value}"` });
    const before = previous === undefined ? undefined : entry[previous];
    if (previous !== undefined && before !== undefined && ms(before) > ms(value)) {
      issues.push({
        path: [...path, key],
        message: `${label}.${key}: ${value} is below ${previous} (${before}); higher percentiles cannot be faster`,
      });
    }
    previous = key;
  }
  return issues;
}

/** The name a request is known by in results (normalize.ts gives unnamed ones `METHOD path`). */
export function requestName(request: RequestInput): string {
  return request.name ?? `${request.method ?? 'GET'} ${request.path}`;
}

/**
 * Every entry: percentiles in order, `request` names a request of the scenario (when the
 * requests are known), and no scope twice.
 */
export function sloEntriesAreValid(
  slo: NonNullable<ScenarioInput['slo']>,
  requests: readonly RequestInput[] | undefined,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const names = requests?.map(requestName);
  const seen = new Map<string, string>();
  for (const { entry, path, label } of sloEntries(slo)) {
    issues.push(...percentilesDoNotDecrease(entry, path, label));
    const scope = entry.request ?? '';
    if (entry.request !== undefined && names !== undefined && !names.includes(entry.request)) {
      const known = names.map((n) => JSON.stringify(n)).join(', ');
      issues.push({
        path: [...path, 'request'],
        message: `${label}.request: no request is named ${JSON.stringify(entry.request)}; requests are ${known}`,
      });
    }
    const first = seen.get(scope);
    if (first !== undefined) {
      const what = entry.request === undefined ? 'all requests' : `request ${JSON.stringify(entry.request)}`;
      issues.push({
        path,
        mode: 'key',
        message: `${label}: a second entry for ${what}; put its thresholds in ${first}`,
      });
    } else seen.set(scope, label);
  }
  return issues;
}

function specOf(entry: SloEntryInput): SloSpec {
  const out: SloSpec = {};
  if (entry.p50 !== undefined) out.p50Ms = ms(entry.p50);
  if (entry.p90 !== undefined) out.p90Ms = ms(entry.p90);
  if (entry.p95 !== undefined) out.p95Ms = ms(entry.p95);
  if (entry.p99 !== undefined) out.p99Ms = ms(entry.p99);
  if (entry.p999 !== undefined) out.p999Ms = ms(entry.p999);
  if (entry.errorRate !== undefined) out.errorRate = parsePercent(entry.errorRate) ?? Number.NaN;
  if (entry.minThroughput !== undefined) out.minThroughputPerSec = entry.minThroughput;
  return out;
}

/** The all-requests SLO and the endpoint SLOs (only when there are some) of a valid `slo:` section. */
export function normalizeSloEntries(slo: ScenarioInput['slo']): {
  slo: SloSpec | undefined;
  requestSlos?: RequestSloSpec[];
} {
  if (slo === undefined) return { slo: undefined };
  const entries = sloEntries(slo).map((e) => e.entry);
  const overall = entries.find((e) => e.request === undefined);
  const requestSlos: RequestSloSpec[] = entries.flatMap((e) =>
    e.request === undefined ? [] : [{ ...specOf(e), request: e.request }],
  );
  return {
    slo: overall === undefined ? undefined : specOf(overall),
    ...(requestSlos.length > 0 ? { requestSlos } : {}),
  };
}
