/**
 * What the two forked children of src/target (the demo target, the embedded PostgreSQL)
 * start from: their built entry file and an environment without the parent's loader flags.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapplanError } from '../errors.js';

/**
 * dist/target/<file> next to this module, or (under vitest, from src/) the built one: a
 * child runs compiled JavaScript. `what` names it in the error, e.g. "the demo target".
 */
export function builtEntry(file: string, what: string): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = join(dirname(here), file);
  if (here.endsWith('.js') && existsSync(sibling)) return sibling;
  const built = resolve(dirname(here), '../../dist/target', file);
  if (existsSync(built)) return built;
  throw new CapplanError(`${what} is not built (${built} is missing)`, { hint: 'run `npm run build`' });
}

/**
 * The child's environment: the defined variables of `env`. NODE_OPTIONS is left out: a test
 * runner's or debugger's loader flags are not the child's business.
 */
export function childEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== 'NODE_OPTIONS') out[k] = v;
  return out;
}
