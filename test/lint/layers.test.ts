/**
 * The layer map of eslint.config.js (DESIGN.md §2) rejects upward imports: a copy of a real
 * src file with one added import, linted as if it were that file, must fail; the file as it
 * is must pass. Uses ESLint's Node API on the project's own config.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages for `text` linted as `file` (repo-relative). */
async function layerErrors(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

function withImport(file: string, line: string): string {
  return `${line}\n${readFileSync(`${ROOT}${file}`, 'utf8')}`;
}

describe('layer map', () => {
  it.each(['src/stats/order.ts', 'src/analyze/summary.ts', 'src/gate/rule.ts', 'src/record/build.ts', 'src/errors.ts'])(
    '%s as it is passes',
    async (file) => {
      expect(await layerErrors(file, readFileSync(`${ROOT}${file}`, 'utf8'))).toEqual([]);
    },
  );

  it.each([
    ['src/stats/order.ts', "import { UsageError } from '../errors.js';", /stats may import only: nothing of ours/],
    ['src/stats/order.ts', "import type { StepSummary } from '../analyze/types.js';", /stats may import only/],
    ['src/analyze/summary.ts', "import type { Io } from '../cli/io.js';", /analyze may import only/],
    [
      'src/analyze/knee/models.ts',
      "import type { GateVerdict } from '../../gate/types.js';",
      /analyze may import only/,
    ],
    ['src/analyze/summary.ts', "import { parseTargetArgs } from '../target/args.js';", /analyze may import only/],
    ['src/gate/rule.ts', "import type { RunOptions } from '../engine/types.js';", /gate may import only/],
    ['src/record/build.ts', "import { startWorkers } from '../engine/worker-pool.js';", /record may import only/],
    ['src/scenario/parse.ts', "import type { Io } from '../cli/io.js';", /scenario may import only/],
    ['src/metrics/window.ts', "import type { RunRecord } from '../record/types.js';", /metrics may import only/],
    ['src/engine/coordinator.ts', "import { analyzeRun } from '../analyze/index.js';", /engine may import only/],
    ['src/report/markdown.ts', "import { readFileSync } from 'node:fs';", /Pure module/],
    ['src/errors.ts', "import { formatNumber } from './format.js';", /errors may import only: nothing of ours/],
  ])('%s importing upward (%s) fails', async (file, line, message) => {
    const errors = await layerErrors(file, withImport(file, line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});
