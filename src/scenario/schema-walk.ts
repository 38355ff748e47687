/**
 * Walks the zod schema along a document path: which keys an object at that path accepts
 * (for "did you mean") and whether a `--set` path exists at all.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export type PathSegment = string | number;

/** Strips optional/default/nullable wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The schemas a value at `segment` under `schema` may match (several for unions). */
function children(schema: z.ZodType, segment: PathSegment): z.ZodType[] {
  const base = unwrap(schema);
  if (base instanceof z.ZodUnion) return (base.options as z.ZodType[]).flatMap((option) => children(option, segment));
  if (base instanceof z.ZodObject && typeof segment === 'string') {
    const child = (base.shape as Record<string, z.ZodType>)[segment];
    return child === undefined ? [] : [child];
  }
  if (base instanceof z.ZodArray && typeof segment === 'number') return [base.element as z.ZodType];
  if (base instanceof z.ZodRecord && typeof segment === 'string') return [base.valueType as z.ZodType];
  if (base instanceof z.ZodUnknown) return [base];
  return [];
}

/** The schemas reachable at `path` from the scenario root (empty when the path does not exist). */
export function schemasAt(path: readonly PathSegment[], root: z.ZodType = scenarioSchema): z.ZodType[] {
  let current: z.ZodType[] = [root];
  for (const segment of path) {
    current = current.flatMap((schema) => children(schema, segment));
    if (current.length === 0) break;
  }
  return current;
}

/** Keys accepted by the object(s) at `path`: the candidates for "did you mean". */
export function keysAt(path: readonly PathSegment[], root: z.ZodType = scenarioSchema): string[] {
  const keys = new Set<string>();
  const collect = (schema: z.ZodType): void => {
    const base = unwrap(schema);
    if (base instanceof z.ZodObject) for (const key of Object.keys(base.shape as object)) keys.add(key);
    if (base instanceof z.ZodUnion) for (const option of base.options as z.ZodType[]) collect(option);
  };
  for (const schema of schemasAt(path, root)) collect(schema);
  return [...keys];
}

/** True when the path names a key, item or record entry the scenario schema knows. */
export function pathExists(path: readonly PathSegment[], root: z.ZodType = scenarioSchema): boolean {
  return schemasAt(path, root).length > 0;
}

/** "load.stages[2].duration" */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
