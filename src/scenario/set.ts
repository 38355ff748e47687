/**
 * `--set path=value` overrides (e.g. `--set load.sweep.to=64`, `--set requests[0].path=/x`),
 * applied to the yaml document before interpolation and validation, so an overridden
 * value is checked exactly like one written in the file. The value is read as YAML
 * (`64` is a number, `30s` text, `[200, 201]` a list). An unknown path is an error.
 */
import { isCollection, isSeq, parse } from 'yaml';
import type { Document } from 'yaml';
import { UsageError } from '../errors.js';
import { formatPath, keysAt, pathExists } from './schema-walk.js';
import type { PathSegment } from './schema-walk.js';
import { didYouMean } from './suggest.js';

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/** "load.stages[0].duration" or "load.stages.0.duration" -> ["load", "stages", 0, "duration"] */
export function parseSetPath(text: string): PathSegment[] | undefined {
  if (!/^[A-Za-z_][\w]*(?:\.[\w]+|\[\d+\])*$/.test(text)) return undefined;
  const path: PathSegment[] = [];
  for (const match of text.matchAll(SEGMENT)) {
    const word = match[1];
    if (word !== undefined) path.push(/^\d+$/.test(word) ? Number(word) : word);
    else path.push(Number(match[2]));
  }
  return path;
}

/** Applies every override to `doc` in order; throws UsageError naming the first bad one. */
export function applySetOverrides(doc: Document, overrides: readonly string[]): void {
  for (const override of overrides) {
    const eq = override.indexOf('=');
    const pathText = eq < 0 ? override : override.slice(0, eq);
    const path = parseSetPath(pathText);
    if (eq < 0 || path === undefined) {
      throw new UsageError(`--set ${override}: expected path=value, e.g. --set load.sweep.to=64`);
    }
    checkPath(override, path);
    checkIndexes(doc, override, path);
    let value: unknown;
    try {
      value = parse(override.slice(eq + 1));
    } catch {
      throw new UsageError(`--set ${override}: the value is not valid YAML`);
    }
    try {
      doc.setIn(path, doc.createNode(value));
    } catch {
      throw new UsageError(`--set ${override}: ${formatPath(path.slice(0, -1))} is not a map or list in this scenario`);
    }
  }
}

function checkPath(override: string, path: readonly PathSegment[]): void {
  if (pathExists(path)) return;
  for (let depth = 1; depth <= path.length; depth++) {
    if (pathExists(path.slice(0, depth))) continue;
    const segment = path[depth - 1];
    const parent = path.slice(0, depth - 1);
    const suggestion = typeof segment === 'string' ? didYouMean(segment, keysAt(parent)) : undefined;
    const where = parent.length === 0 ? 'a scenario' : formatPath(parent);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    throw new UsageError(`--set ${override}: ${where} has no key ${JSON.stringify(String(segment))}${hint}`);
  }
}

/** A list index must name an existing item: --set cannot append holes. */
function checkIndexes(doc: Document, override: string, path: readonly PathSegment[]): void {
  path.forEach((segment, depth) => {
    if (typeof segment !== 'number') return;
    const parent = doc.getIn(path.slice(0, depth), true);
    const count = isSeq(parent) ? parent.items.length : 0;
    if (!isCollection(parent) || segment >= count) {
      throw new UsageError(
        `--set ${override}: ${formatPath(path.slice(0, depth))} has ${count} ` +
          `item${count === 1 ? '' : 's'}; index ${segment} is out of range`,
      );
    }
  });
}
