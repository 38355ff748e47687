/**
 * `${env.NAME}` and `${env.NAME:-default}` in scenario strings, resolved on the yaml
 * document so that problems keep their positions. `$${` writes a literal `${`.
 * Values that came from the environment are returned as secrets, so records and
 * reports can redact them (a default written in the file is not a secret).
 *
 * A plain (unquoted) scalar that is exactly one interpolation is re-read as a YAML
 * scalar, so `maxInFlight: ${env.MAX_IN_FLIGHT:-500}` is a number.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parse } from 'yaml';
import type { Document, Scalar } from 'yaml';
import type { PathSegment } from './schema-walk.js';

export type EnvProblem = { path: PathSegment[]; node: Scalar; message: string };

export type EnvResult = { problems: EnvProblem[]; secrets: string[] };

const INTERPOLATION = /\$(\$?)\{([^}]*)\}/g;
const ENV_REF = /^env\.([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;
const UNCLOSED = /(?<!\$)\$\{[^}]*$/;

type Env = Readonly<Record<string, string | undefined>>;

/** Rewrites every string scalar of `doc` in place; returns problems and secret values. */
export function interpolateEnv(doc: Document, env: Env): EnvResult {
  const result: EnvResult = { problems: [], secrets: [] };
  visitStrings(doc.contents, [], (node, path) => interpolateScalar(node, path, env, result));
  result.secrets = [...new Set(result.secrets)];
  return result;
}

function visitStrings(node: unknown, path: PathSegment[], fn: (node: Scalar, path: PathSegment[]) => void): void {
  if (isAlias(node)) return; // the anchored node is visited where it is defined
  if (isScalar(node)) {
    if (typeof node.value === 'string') fn(node, path);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair)) visitStrings(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?'], fn);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visitStrings(item, [...path, index], fn));
  }
}

function interpolateScalar(node: Scalar, path: PathSegment[], env: Env, result: EnvResult): void {
  const text = node.value as string;
  if (!text.includes('${')) return;
  if (UNCLOSED.test(text)) {
    result.problems.push({ path, node, message: `unclosed "\${" in ${JSON.stringify(text)}: expected "\${env.NAME}"` });
    return;
  }
  let whole = false;
  const replaced = text.replace(INTERPOLATION, (match: string, escaped: string, inner: string) => {
    if (escaped === '$') return match.slice(1);
    const ref = ENV_REF.exec(inner.trim());
    if (ref === null) {
      result.problems.push({
        path,
        node,
        message: `unknown interpolation "${match}": use \${env.NAME} or \${env.NAME:-default}`,
      });
      return match;
    }
    whole = match === text;
    const name = ref[1] ?? '';
    const fallback = ref[2];
    const value = env[name];
    if (value !== undefined && !(fallback !== undefined && value === '')) {
      if (value !== '') result.secrets.push(value);
      return value;
    }
    if (fallback !== undefined) return fallback;
    result.problems.push({
      path,
      node,
      message: `environment variable ${name} is not set (set it, or write \${env.${name}:-default})`,
    });
    return match;
  });
  node.value = whole && node.type === 'PLAIN' ? readScalar(replaced) : replaced;
}

/** "500" -> 500, "true" -> true; anything that is not a plain scalar stays text. */
function readScalar(text: string): unknown {
  try {
    const value: unknown = parse(text);
    return value === null || typeof value === 'object' ? text : value;
  } catch {
    return text;
  }
}
