/**
 * parseScenario: YAML text -> validated, normalized Scenario (pure: no fs, no process).
 * Throws a ScenarioError carrying every problem at once, each with a 1-based line and
 * column (CONVENTIONS.md §3.3). Order: YAML syntax (fatal), --set, ${env.*}, aliases,
 * schema (zod), semantic rules; problems of the later stages are all collected.
 */
import { LineCounter, isAlias, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { ScenarioError } from '../errors.js';
import type { ScenarioIssue } from '../errors.js';
import { interpolateEnv } from './env.js';
import { genericMessage, issuesFromZod } from './issues.js';
import { normalizeScenario } from './normalize.js';
import { offsetToPosition, positionOf } from './positions.js';
import { fileFacts, type ReadScenarioFile } from './file-facts.js';
import { checkFlowRules } from './rules-flows.js';
import { tlsIsConsistent } from './rules-tls.js';
import { checkRules } from './rules.js';
import type { Sections } from './rules.js';
import { formatPath, schemasAt } from './schema-walk.js';
import { scenarioSchema } from './schema.js';
import { applySetOverrides } from './set.js';
import type { Scenario } from './types.js';

export type ParseScenarioOptions = {
  /** Environment for `${env.NAME}` interpolation. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--set path=value` overrides, applied before validation. */
  set?: readonly string[] | undefined;
  /** Reads a file the scenario names (data, TLS), relative to the scenario file; without it they are refused. */
  readFile?: ReadScenarioFile | undefined;
};

/** YAML syntax errors reported per file; the rest are summarized in one line. */
export const MAX_SYNTAX_ISSUES = 10;

/** Aliases expanded by toJS beyond this are refused (a "billion laughs" document). */
export const MAX_ALIAS_COUNT = 100;

/** Parses and validates a scenario; `file` is only used in messages and `scenario.file`. */
export function parseScenario(text: string, file: string, options: ParseScenarioOptions): Scenario {
  const fail = (issues: ScenarioIssue[]): never => {
    throw new ScenarioError(file, sortIssues(issues));
  };
  if (text.trim() === '') fail([at(1, 1, 'the file is empty; `capplan init` writes a starter scenario')]);
  const lineCounter = new LineCounter();
  const doc = parseYaml(text, lineCounter, fail);
  if (doc.contents === null) fail([at(1, 1, 'the file holds only comments; `capplan init` writes a starter scenario')]);
  applySetOverrides(doc, options.set ?? []);
  const env = interpolateEnv(doc, options.env);
  const issues: ScenarioIssue[] = env.problems.map((p) => ({
    ...positionOf(doc, lineCounter, p.path),
    path: formatPath(p.path),
    message: prefixed(formatPath(p.path), p.message),
  }));
  const data = toData(doc, lineCounter, fail);
  const locate = (
    path: Parameters<typeof positionOf>[2],
    mode: Parameters<typeof positionOf>[3],
  ): ReturnType<typeof positionOf> => positionOf(doc, lineCounter, path, mode);
  const parsed = scenarioSchema.safeParse(data, { reportInput: true, error: genericMessage });
  const envPaths = new Set(issues.map((i) => i.path));
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error.issues, locate).filter((i) => !envPaths.has(i.path)));
  const sections = validSections(data);
  const facts = fileFacts(sections, options.readFile);
  const isMap = data !== null && typeof data === 'object' && !Array.isArray(data);
  const flowRules = isMap ? checkFlowRules(sections, new Set(Object.keys(data)), facts.data) : [];
  const rules = [...checkRules(sections), ...flowRules];
  if (sections.target !== undefined) rules.push(...tlsIsConsistent(sections.target, facts.tls));
  for (const rule of rules) {
    const path = formatPath(rule.path);
    if (!envPaths.has(path)) issues.push({ ...locate(rule.path, rule.mode ?? 'value'), path, message: rule.message });
  }
  if (issues.length > 0 || !parsed.success) fail(issues);
  const files = { dataRowCount: facts.data?.rowCount ?? 0 };
  return normalizeScenario(parsed.data as NonNullable<typeof parsed.data>, file, env.secrets, files);
}

function at(line: number, column: number, message: string): ScenarioIssue {
  return { line, column, path: '', message };
}

function prefixed(path: string, message: string): string {
  return path === '' ? message : `${path}: ${message}`;
}

/** The yaml library's error in capplan's words (it names its own functions, e.g. for a second document). */
function yamlErrorText(error: { code?: string; message: string }): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'only one YAML document per scenario: remove the second "---" and what follows';
  }
  const message = /call stack/i.test(error.message) ? 'the document is nested too deeply' : lowerFirst(error.message);
  return `YAML syntax error: ${message}`;
}

function parseYaml(text: string, lineCounter: LineCounter, fail: (issues: ScenarioIssue[]) => never): Document {
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // The parser recurses per nesting level; a pathological document can exhaust the stack.
    return fail([
      at(1, 1, `the YAML cannot be parsed: ${error instanceof RangeError ? 'it is nested too deeply' : String(error)}`),
    ]);
  }
  if (doc.errors.length === 0) return doc;
  const seen = new Set<string>();
  const issues: ScenarioIssue[] = [];
  for (const error of doc.errors) {
    const { line, column } = offsetToPosition(lineCounter, error.pos[0]);
    if (seen.has(`${line}:${column}`)) continue; // one message per spot: later ones are consequences
    seen.add(`${line}:${column}`);
    issues.push(at(line, column, yamlErrorText(error)));
  }
  // After a broken indent every following line is "wrong" too: the first few say it all.
  if (issues.length > MAX_SYNTAX_ISSUES) {
    const rest = issues.length - MAX_SYNTAX_ISSUES;
    const next = issues[MAX_SYNTAX_ISSUES] ?? at(1, 1, '');
    issues.length = MAX_SYNTAX_ISSUES;
    issues.push(
      at(next.line, next.column, `YAML syntax error: ${rest} more from here on, not shown (fix the first ones)`),
    );
  }
  return fail(issues);
}

/** Unknown aliases and alias bombs are reported at the alias; otherwise the plain data. */
function toData(doc: Document, lineCounter: LineCounter, fail: (issues: ScenarioIssue[]) => never): unknown {
  const anchors = new Set<string>();
  let firstAlias: number | undefined;
  const issues: ScenarioIssue[] = [];
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      firstAlias ??= offset;
      if (!anchors.has(node.source)) {
        const { line, column } = offsetToPosition(lineCounter, offset);
        issues.push(at(line, column, `YAML alias "*${node.source}" has no anchor "&${node.source}" before it`));
      }
    } else if (node !== null && typeof node === 'object' && 'anchor' in node && typeof node.anchor === 'string') {
      anchors.add(node.anchor);
    }
  });
  if (issues.length > 0) fail(issues);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const { line, column } = offsetToPosition(lineCounter, firstAlias ?? 0);
    const bomb = error instanceof ReferenceError && /alias count/i.test(error.message);
    return fail([
      at(
        line,
        column,
        bomb
          ? `YAML aliases expand too much (over ${MAX_ALIAS_COUNT} alias nodes): refused as a "billion laughs" document`
          : `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      ),
    ]);
  }
}

/**
 * Each top-level section that passes the schema on its own, for the semantic rules. A list
 * section (requests, probes) that fails keeps its valid items at their indexes (a sparse
 * array: the rules' forEach/flatMap skip the holes), so their problems are reported too.
 */
function validSections(data: unknown): Sections {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const sections: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(scenarioSchema.shape)) {
    const value = (data as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const result = schema.safeParse(value);
    if (result.success) sections[key] = result.data;
    else if (Array.isArray(value)) sections[key] = validItems(value, schema);
  }
  return sections as Sections;
}

function validItems(items: readonly unknown[], listSchema: z.ZodType): unknown[] {
  const itemSchema = schemasAt([0], listSchema)[0];
  const valid: unknown[] = [];
  if (itemSchema === undefined) return valid;
  items.forEach((item, i) => {
    const result = itemSchema.safeParse(item);
    if (result.success) valid[i] = result.data;
  });
  return valid;
}

function sortIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
