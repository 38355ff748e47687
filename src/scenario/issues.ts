/**
 * zod issues -> scenario issues: one line each, with the path, a message that says what
 * was expected and what was found, and the position in the file. Unions are resolved to
 * the alternative the user evidently meant; unknown keys get "did you mean".
 */
import type { z } from 'zod';
import type { ScenarioIssue } from '../errors.js';
import { describeValue } from './duration.js';
import type { PositionMode, Position } from './positions.js';
import { formatPath, keysAt } from './schema-walk.js';
import type { PathSegment } from './schema-walk.js';
import { didYouMean } from './suggest.js';

export type Locate = (path: readonly PathSegment[], mode: PositionMode) => Position;

type RawIssue = z.core.$ZodIssue;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
  nan: 'a number',
};

/** Generic messages for zod issues the schema did not word itself (a per-parse error map). */
export function genericMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${got}`;
    case 'too_small':
      return tooSmall(iss.origin, Number(iss.minimum), iss.inclusive !== false, got);
    case 'too_big':
      return iss.origin === 'array'
        ? `expected at most ${Number(iss.maximum)} items`
        : `expected a number ${iss.inclusive === false ? '<' : '<='} ${Number(iss.maximum)}, got ${got}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `expected ${JSON.stringify(iss.values[0])}, got ${got}`
        : `expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    default:
      return undefined;
  }
}

function tooSmall(origin: string, minimum: number, inclusive: boolean, got: string): string {
  if (origin === 'array')
    return minimum <= 1 ? 'expected at least one item, got an empty list' : `expected at least ${minimum} items`;
  if (origin === 'string') return 'expected non-empty text';
  return `expected a number ${inclusive ? '>=' : '>'} ${minimum}, got ${got}`;
}

function withPath(path: readonly PathSegment[], message: string): string {
  const text = formatPath(path);
  return text === '' ? message : `${text}: ${message}`;
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' ? s : String(s)));
}

/** Converts zod issues (from a parse with `reportInput: true`) into positioned scenario issues. */
export function issuesFromZod(
  rawIssues: readonly RawIssue[],
  locate: Locate,
  base: readonly PathSegment[] = [],
): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  collect(rawIssues, locate, base, out);
  // Two checks of one value can word the same complaint (a format and a refinement): say it once.
  const seen = new Set<string>();
  return out.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function collect(
  rawIssues: readonly RawIssue[],
  locate: Locate,
  base: readonly PathSegment[],
  out: ScenarioIssue[],
): void {
  for (const iss of rawIssues) {
    const path = [...base, ...toSegments(iss.path)];
    if (iss.input === undefined && path.length > 0 && iss.code !== 'custom' && iss.code !== 'unrecognized_keys') {
      const parent = path.slice(0, -1);
      out.push(
        make(path, 'parent', withPath(parent, `missing required key "${String(path[path.length - 1])}"`), locate),
      );
    } else if (iss.code === 'unrecognized_keys') {
      const known = keysAt(path);
      for (const key of iss.keys) {
        const suggestion = didYouMean(key, known);
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        out.push(make([...path, key], 'key', withPath(path, `unknown key "${key}"${hint}`), locate));
      }
    } else if (iss.code === 'invalid_union') {
      const meant = iss.errors.filter(
        (option) => !option.some((o) => o.code === 'invalid_type' && o.path.length === 0),
      );
      if (meant.length === 1 && meant[0] !== undefined) collect(meant[0], locate, path, out);
      else out.push(make(path, 'value', withPath(path, iss.message), locate));
    } else {
      out.push(make(path, 'value', withPath(path, iss.message), locate));
    }
  }
}

function make(path: readonly PathSegment[], mode: PositionMode, message: string, locate: Locate): ScenarioIssue {
  const { line, column } = locate(path, mode);
  return { line, column, path: formatPath(path), message };
}
