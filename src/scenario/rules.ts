/**
 * Semantic rules the schema cannot express: small named functions over the shape-valid
 * sections of a scenario (a section that failed the schema is skipped, so every other
 * section's problems are still reported in the same pass).
 */
import { parseDurationMs } from './duration.js';
import { parsePercent } from './percent.js';
import type { PositionMode } from './positions.js';
import { checkHostileInputs } from './rules-hostile.js';
import { LOAD_RULES } from './rules-load.js';
import { sloEntriesAreValid } from './slo-entries.js';
import { formatPath } from './schema-walk.js';
import type { PathSegment } from './schema-walk.js';
import type { ProbeInput, RequestInput, ScenarioInput, TargetInput } from './schema.js';
import { checkTemplate } from './template.js';

export type RuleIssue = { path: PathSegment[]; message: string; mode?: PositionMode };

/** The top-level sections that passed the schema (others are undefined). */
export type Sections = Partial<ScenarioInput>;

const ms = (text: string | undefined): number =>
  text === undefined ? Number.NaN : (parseDurationMs(text) ?? Number.NaN);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const targetHasExactlyOneOfUrlOrDemo = (target: TargetInput): RuleIssue[] => {
  if (target.url !== undefined && target.demo !== undefined)
    return [{ path: ['target', 'demo'], mode: 'key', message: 'target: use either "url" or "demo", not both' }];
  if (target.url === undefined && target.demo === undefined)
    return [
      {
        path: ['target'],
        mode: 'key',
        message: 'target: needs "url" (your service) or "demo" (the embedded demo target)',
      },
    ];
  return [];
};

export const targetUrlIsHttpWithHost = (target: TargetInput): RuleIssue[] => {
  if (target.url === undefined) return [];
  const problem = httpUrlProblem(target.url);
  return problem === undefined ? [] : [{ path: ['target', 'url'], message: `target.url: ${problem}` }];
};

/** Why `text` is not an http(s) origin with an optional base path, or undefined. */
export function httpUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected an http(s) URL like "http://127.0.0.1:3000", got ${JSON.stringify(text)}`;
  }
  if (url.username !== '' || url.password !== '') return undefined; // rules-hostile.ts: never repeat credentials
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `expected an http:// or https:// URL, got ${JSON.stringify(text)}`;
  if (url.hostname === '') return `URL has no host: ${JSON.stringify(text)}`;
  if (url.search !== '' || url.hash !== '')
    return `put the query in the request path, not in the target URL: ${JSON.stringify(text)}`;
  return undefined;
}

export const demoOptionsAreConsistent = (target: TargetInput): RuleIssue[] => {
  const demo = target.demo;
  if (demo === undefined) return [];
  const issues: RuleIssue[] = [];
  const backend = demo.backend ?? 'memory';
  if (backend === 'memory' && demo.databaseUrl !== undefined)
    issues.push({
      path: ['target', 'demo', 'databaseUrl'],
      mode: 'key',
      message: 'target.demo.databaseUrl: only with backend: postgres',
    });
  if (demo.databaseUrl !== undefined && !/^postgres(?:ql)?:\/\//.test(demo.databaseUrl))
    issues.push({
      path: ['target', 'demo', 'databaseUrl'],
      message: `target.demo.databaseUrl: expected postgres://..., got ${JSON.stringify(demo.databaseUrl)}`,
    });
  if (demo.failFast === true && demo.acquireTimeout !== undefined)
    issues.push({
      path: ['target', 'demo', 'failFast'],
      mode: 'key',
      message: 'target.demo: "failFast" and "acquireTimeout" exclude each other',
    });
  if (!(ms(demo.hold) > 0))
    issues.push({
      path: ['target', 'demo', 'hold'],
      message: `target.demo.hold: must be longer than 0, got "${demo.hold}"`,
    });
  if (demo.acquireTimeout !== undefined && !(ms(demo.acquireTimeout) > 0))
    issues.push({
      path: ['target', 'demo', 'acquireTimeout'],
      message: `target.demo.acquireTimeout: must be longer than 0, got "${demo.acquireTimeout}"`,
    });
  return issues;
};

export const timeoutIsPositive = (target: TargetInput): RuleIssue[] =>
  target.timeout === undefined || ms(target.timeout) > 0
    ? []
    : [{ path: ['target', 'timeout'], message: `target.timeout: must be longer than 0, got "${target.timeout}"` }];

export const headerNamesAreTokens = (
  headers: Readonly<Record<string, unknown>> | undefined,
  path: PathSegment[],
): RuleIssue[] =>
  Object.keys(headers ?? {}).flatMap((name) =>
    HEADER_NAME.test(name)
      ? []
      : [
          {
            path: [...path, name],
            mode: 'key' as const,
            message: `${path.join('.')}: invalid header name ${JSON.stringify(name)}`,
          },
        ],
  );

export const requestIsWellFormed = (request: RequestInput, i: number): RuleIssue[] => {
  const at = (key: string): PathSegment[] => ['requests', i, key];
  const issues: RuleIssue[] = [];
  if (!request.path.startsWith('/'))
    issues.push({
      path: at('path'),
      message: `requests[${i}].path: must start with "/", got ${JSON.stringify(request.path)}`,
    });
  if (request.json !== undefined && request.body !== undefined)
    issues.push({ path: at('body'), mode: 'key', message: `requests[${i}]: use either "json" or "body", not both` });
  const pathProblem = checkTemplate(request.path);
  if (pathProblem !== undefined) issues.push({ path: at('path'), message: `requests[${i}].path: ${pathProblem}` });
  if (request.body !== undefined) {
    const problem = checkTemplate(request.body);
    if (problem !== undefined) issues.push({ path: at('body'), message: `requests[${i}].body: ${problem}` });
  }
  if (request.json !== undefined) issues.push(...jsonTemplatesAreValid(request.json, ['requests', i, 'json']));
  issues.push(...headerNamesAreTokens(request.headers, ['requests', i, 'headers']));
  return issues;
};

/** Templates in a JSON body: each string (key or value) on its own, then the serialized body. */
export const jsonTemplatesAreValid = (json: unknown, path: PathSegment[]): RuleIssue[] => {
  const issues: RuleIssue[] = [];
  const visit = (value: unknown, at: PathSegment[]): void => {
    if (typeof value === 'string') {
      const problem = checkTemplate(value);
      if (problem !== undefined) issues.push({ path: at, message: `${formatPath(at)}: ${problem}` });
    } else if (Array.isArray(value)) {
      value.forEach((item, k) => visit(item, [...at, k]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const problem = checkTemplate(key);
        if (problem !== undefined)
          issues.push({ path: [...at, key], mode: 'key', message: `${formatPath(at)}: ${problem}` });
        visit(item, [...at, key]);
      }
    }
  };
  visit(json, path);
  // Placeholders split across two strings only show up in the serialized body.
  const whole = issues.length === 0 ? checkTemplate(JSON.stringify(json)) : undefined;
  if (whole !== undefined)
    issues.push({ path, message: `${formatPath(path)}: ${whole} (in the serialized JSON body)` });
  return issues;
};

export const namesAreUnique = (names: readonly (string | undefined)[], path: string): RuleIssue[] => {
  const seen = new Set<string>();
  return names.flatMap((name, i) => {
    if (name === undefined) return [];
    if (seen.has(name))
      return [{ path: [path, i, 'name'], message: `${path}[${i}].name: ${JSON.stringify(name)} is already used` }];
    seen.add(name);
    return [];
  });
};

/**
 * A probe samples exactly one source. `prometheus: demo` or a path ("/metrics") and
 * `postgres: demo` refer to the demo target, so they need `target.demo` (postgres: with
 * the postgres backend); the probe runner resolves them once the demo target has started.
 */
export const probeIsWellFormed = (probe: ProbeInput, i: number, target: TargetInput | undefined): RuleIssue[] => {
  const at: PathSegment[] = ['probes', i];
  const label = `probes[${i}]`;
  if ((probe.prometheus === undefined) === (probe.postgres === undefined)) {
    return [
      {
        path: at,
        message: `${label}: needs exactly one of "prometheus" (a /metrics URL) or "postgres" (a database URL)`,
      },
    ];
  }
  const issues: RuleIssue[] = [];
  const onDemo = probe.prometheus !== undefined && (probe.prometheus === 'demo' || probe.prometheus.startsWith('/'));
  if (probe.prometheus !== undefined && !onDemo) {
    const problem = httpUrlProblem(probe.prometheus);
    if (problem !== undefined)
      issues.push({
        path: [...at, 'prometheus'],
        message: `${label}.prometheus: ${problem} (or "demo" / a path like "/metrics" on the demo target)`,
      });
  }
  if (onDemo && target !== undefined && target.demo === undefined) {
    issues.push({
      path: [...at, 'prometheus'],
      message:
        `${label}.prometheus: ${JSON.stringify(probe.prometheus)} means the ` +
        `demo target's endpoint, but target has no "demo"; write the full URL`,
    });
  }
  if (probe.postgres === 'demo') {
    if (target !== undefined && target.demo?.backend !== 'postgres')
      issues.push({
        path: [...at, 'postgres'],
        message: `${label}.postgres: "demo" means the demo target's database, but target.demo has no backend: postgres`,
      });
  } else if (probe.postgres !== undefined && !/^postgres(?:ql)?:\/\//.test(probe.postgres)) {
    issues.push({
      path: [...at, 'postgres'],
      message: `${label}.postgres: expected postgres://... or "demo", got ${JSON.stringify(probe.postgres)}`,
    });
  }
  if (probe.metrics !== undefined && probe.postgres !== undefined)
    issues.push({ path: [...at, 'metrics'], mode: 'key', message: `${label}.metrics: only for prometheus probes` });
  if (probe.every !== undefined && !(ms(probe.every) > 0))
    issues.push({ path: [...at, 'every'], message: `${label}.every: must be longer than 0, got "${probe.every}"` });
  return issues;
};

export const fractionsAreUsable = (sections: Sections): RuleIssue[] => {
  const issues: RuleIssue[] = [];
  if (sections.stop !== undefined && parsePercent(sections.stop.errorRate) === 0)
    issues.push({
      path: ['stop', 'errorRate'],
      message: 'stop.errorRate: must be above 0% (0% would stop at the first error)',
    });
  if (sections.stop?.window !== undefined && !(ms(sections.stop.window) > 0))
    issues.push({
      path: ['stop', 'window'],
      message: `stop.window: must be longer than 0, got "${sections.stop.window}"`,
    });
  if (sections.plan?.maxUtilization !== undefined && parsePercent(sections.plan.maxUtilization) === 0)
    issues.push({ path: ['plan', 'maxUtilization'], message: 'plan.maxUtilization: must be above 0%' });
  if (sections.plan?.pwait !== undefined && parsePercent(sections.plan.pwait) === 0)
    issues.push({ path: ['plan', 'pwait'], message: 'plan.pwait: must be above 0%' });
  return issues;
};

/** Runs every rule over the sections that passed the schema. */
export function checkRules(sections: Sections): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const target = sections.target;
  if (target !== undefined) {
    issues.push(
      ...targetHasExactlyOneOfUrlOrDemo(target),
      ...targetUrlIsHttpWithHost(target),
      ...demoOptionsAreConsistent(target),
      ...timeoutIsPositive(target),
    );
    issues.push(...headerNamesAreTokens(target.headers, ['target', 'headers']));
  }
  if (sections.requests !== undefined) {
    sections.requests.forEach((request, i) => issues.push(...requestIsWellFormed(request, i)));
    issues.push(
      ...namesAreUnique(
        sections.requests.map((r) => r.name),
        'requests',
      ),
    );
  }
  if (sections.load !== undefined) for (const rule of LOAD_RULES) issues.push(...rule(sections.load));
  if (sections.probes !== undefined) {
    sections.probes.forEach((probe, i) => issues.push(...probeIsWellFormed(probe, i, sections.target)));
    issues.push(
      ...namesAreUnique(
        sections.probes.map((p) => p.name),
        'probes',
      ),
    );
  }
  if (sections.slo !== undefined) issues.push(...sloEntriesAreValid(sections.slo, sections.requests));
  issues.push(...fractionsAreUsable(sections));
  issues.push(...checkHostileInputs(sections));
  return issues;
}
