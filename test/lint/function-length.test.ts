/**
 * eslint.config.js caps functions in src/ at 60 lines (comments and blank lines count): a
 * function of 61 lines linted as a src file fails, one of 60 passes, and test files are free.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** A function of `lines` lines in all, a comment and a blank line among them. */
function functionOf(lines: number): string {
  const body = Array.from({ length: lines - 6 }, (_, i) => `  total += ${i};`);
  const head = ['export function f(): number {', '  // why', '', '  let total = 0;'];
  return [...head, ...body, '  return total;', '}', ''].join('\n');
}

async function lengthErrors(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines-per-function').map((m) => m.message);
}

describe('function length in src/', () => {
  it('rejects a function of 61 lines', async () => {
    const errors = await lengthErrors('src/stats/long.ts', functionOf(61));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/too many lines \(61\)\. Maximum allowed is 60/);
  });

  it('accepts one of 60 lines, and any length under test/', async () => {
    expect(await lengthErrors('src/stats/long.ts', functionOf(60))).toEqual([]);
    expect(await lengthErrors('test/stats/long.test.ts', functionOf(200))).toEqual([]);
  });
});
