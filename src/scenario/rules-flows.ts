/**
 * Semantic rules for flows, captures and data files (CONVENTIONS.md §3.6): `requests` or
 * `flows`; step names unique (they are request names in results); a `{{vars.X}}` only after
 * a step that captures X; a `{{data.C}}` only for a column of the data file; captures that
 * can work (JSON path, regex, header name).
 */
import { parseJsonPath } from './json-path.js';
import type { RuleIssue, Sections } from './rules.js';
import { headerNamesAreTokens, jsonTemplatesAreValid } from './rules.js';
import { formatPath, type PathSegment } from './schema-walk.js';
import type { CaptureInput, FlowInput, StepInput } from './schema.js';
import { checkTemplate, TEMPLATE_NAME, templateRefs } from './template.js';

/** What the loader learned from the data file: its columns, or why it cannot be used. */
export type DataFacts = { columns: readonly string[] } | { problem: string };

type Text = { path: PathSegment[]; text: string };

/** Every templated string of a request or step: path, body, header values, JSON strings. */
export function templateTexts(item: Pick<StepInput, 'path' | 'body' | 'headers' | 'json'>, at: PathSegment[]): Text[] {
  const texts: Text[] = [{ path: [...at, 'path'], text: item.path }];
  if (item.body !== undefined) texts.push({ path: [...at, 'body'], text: item.body });
  for (const [name, value] of Object.entries(item.headers ?? {}))
    texts.push({ path: [...at, 'headers', name], text: String(value) });
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === 'string') texts.push({ path, text: value });
    else if (Array.isArray(value)) value.forEach((v, k) => visit(v, [...path, k]));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  if (item.json !== undefined) visit(item.json, [...at, 'json']);
  return texts;
}

export const requestsOrFlows = (present: ReadonlySet<string>): RuleIssue[] => {
  if (present.has('requests') && present.has('flows'))
    return [
      {
        path: ['flows'],
        mode: 'key',
        message: 'use either "requests" (independent requests) or "flows" (steps in turn), not both',
      },
    ];
  if (!present.has('requests') && !present.has('flows'))
    return [
      {
        path: [],
        mode: 'key',
        message: 'the scenario needs "requests" (independent requests) or "flows" (steps one user runs in turn)',
      },
    ];
  return [];
};

const stepIsWellFormed = (step: StepInput, at: PathSegment[]): RuleIssue[] => {
  const label = formatPath(at);
  const issues: RuleIssue[] = [];
  if (!step.path.startsWith('/'))
    issues.push({
      path: [...at, 'path'],
      message: `${label}.path: must start with "/", got ${JSON.stringify(step.path)}`,
    });
  if (step.json !== undefined && step.body !== undefined)
    issues.push({ path: [...at, 'body'], mode: 'key', message: `${label}: use either "json" or "body", not both` });
  for (const text of templateTexts({ ...step, json: undefined }, at)) {
    const problem = checkTemplate(text.text);
    if (problem !== undefined) issues.push({ path: text.path, message: `${formatPath(text.path)}: ${problem}` });
  }
  if (step.json !== undefined) issues.push(...jsonTemplatesAreValid(step.json, [...at, 'json']));
  issues.push(...headerNamesAreTokens(step.headers, [...at, 'headers']));
  for (const [name, capture] of Object.entries(step.capture ?? {}))
    issues.push(...captureIsUsable(name, capture, [...at, 'capture', name]));
  return issues;
};

const captureIsUsable = (name: string, capture: CaptureInput, at: PathSegment[]): RuleIssue[] => {
  const label = formatPath(at);
  if (!TEMPLATE_NAME.test(name))
    return [
      {
        path: at,
        mode: 'key',
        message: `${label}: a variable name is letters, digits, "_" or "-", starting with a letter or "_"`,
      },
    ];
  if (typeof capture === 'string') {
    const parsed = parseJsonPath(capture);
    return parsed.ok ? [] : [{ path: at, message: `${label}: ${parsed.message}` }];
  }
  if ('header' in capture) {
    return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(capture.header)
      ? []
      : [
          {
            path: [...at, 'header'],
            message: `${label}.header: invalid header name ${JSON.stringify(capture.header)}`,
          },
        ];
  }
  try {
    new RegExp(capture.regex);
  } catch (error) {
    return [
      { path: [...at, 'regex'], message: `${label}.regex: ${error instanceof Error ? error.message : String(error)}` },
    ];
  }
  return [];
};

/** Effective step names (the default is "METHOD path", as for requests). */
export function stepName(step: StepInput): string {
  return step.name ?? `${step.method ?? 'GET'} ${step.path}`;
}

export const stepNamesAreUnique = (flows: readonly FlowInput[]): RuleIssue[] => {
  const seen = new Map<string, string>();
  const issues: RuleIssue[] = [];
  flows.forEach((flow, i) =>
    flow.steps.forEach((step, j) => {
      const name = stepName(step);
      const where = `flows[${i}].steps[${j}]`;
      const first = seen.get(name);
      const path: PathSegment[] = ['flows', i, 'steps', j, step.name === undefined ? 'path' : 'name'];
      if (first !== undefined)
        issues.push({
          path,
          message:
            `${where}.name: ${JSON.stringify(name)} is already used by ${first} ` +
            "(a step's name is its request name in results)",
        });
      else seen.set(name, where);
    }),
  );
  const flowNames = new Set<string>();
  flows.forEach((flow, i) => {
    if (flowNames.has(flow.name))
      issues.push({
        path: ['flows', i, 'name'],
        message: `flows[${i}].name: ${JSON.stringify(flow.name)} is already used`,
      });
    flowNames.add(flow.name);
  });
  return issues;
};

/** A `{{vars.X}}` must follow a step of the same flow that captures X. */
export const varsAreCapturedBefore = (flow: FlowInput, i: number): RuleIssue[] => {
  const known: string[] = [];
  const issues: RuleIssue[] = [];
  flow.steps.forEach((step, j) => {
    for (const text of templateTexts(step, ['flows', i, 'steps', j])) {
      for (const name of templateRefs(text.text).vars) {
        if (known.includes(name)) continue;
        const so = known.length === 0 ? 'no earlier step captures anything' : `captured before it: ${known.join(', ')}`;
        issues.push({
          path: text.path,
          message:
            `${formatPath(text.path)}: {{vars.${name}}} is not captured by an earlier step ` +
            `of flow "${flow.name}" (${so})`,
        });
      }
    }
    known.push(...Object.keys(step.capture ?? {}));
  });
  return issues;
};

/** `{{vars.X}}` in independent requests: there is nothing to capture from. */
export const noVarsInRequests = (texts: readonly Text[]): RuleIssue[] =>
  texts.flatMap((t) =>
    templateRefs(t.text).vars.map((name) => ({
      path: t.path,
      message: `${formatPath(t.path)}: {{vars.${name}}} needs flows (values are captured by earlier steps of a flow)`,
    })),
  );

/** A `{{data.C}}` needs a `data:` file with column C. */
export const dataColumnsExist = (
  texts: readonly Text[],
  hasData: boolean,
  facts: DataFacts | undefined,
): RuleIssue[] => {
  const issues: RuleIssue[] = [];
  for (const t of texts) {
    for (const column of templateRefs(t.text).data) {
      const where = formatPath(t.path);
      if (!hasData)
        issues.push({
          path: t.path,
          message: `${where}: {{data.${column}}} needs a data file (data: { file: users.csv })`,
        });
      else if (facts !== undefined && 'columns' in facts && !facts.columns.includes(column)) {
        issues.push({
          path: t.path,
          message:
            `${where}: {{data.${column}}}: the data file has no column "${column}" ` +
            `(columns: ${facts.columns.join(', ')})`,
        });
      }
    }
  }
  return issues;
};

/** Every flow rule; `present` holds the top-level keys written in the file. */
export function checkFlowRules(
  sections: Sections,
  present: ReadonlySet<string>,
  data: DataFacts | undefined,
): RuleIssue[] {
  const issues = requestsOrFlows(present);
  const flows = sections.flows ?? [];
  flows.forEach((flow, i) => {
    flow.steps.forEach((step, j) => issues.push(...stepIsWellFormed(step, ['flows', i, 'steps', j])));
    issues.push(...varsAreCapturedBefore(flow, i));
  });
  // Sparse when some flows failed the schema: forEach skips the holes and keeps the indexes.
  issues.push(...stepNamesAreUnique(flows));
  const requestTexts = (sections.requests ?? []).flatMap((r, i) => templateTexts(r, ['requests', i]));
  const stepTexts = flows.flatMap((f, i) => f.steps.flatMap((s, j) => templateTexts(s, ['flows', i, 'steps', j])));
  issues.push(...noVarsInRequests(requestTexts));
  issues.push(...dataColumnsExist([...requestTexts, ...stepTexts], sections.data !== undefined, data));
  if (data !== undefined && 'problem' in data)
    issues.push({ path: ['data', 'file'], message: `data.file: ${data.problem}` });
  return issues;
}
