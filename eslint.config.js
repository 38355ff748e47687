// Lint rules that carry the layering of DESIGN.md §2 (CONVENTIONS.md §3.1):
// only src/cli/ touches the process; analyze/, report/ and metrics/ are pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';
import globals from 'globals';

const processOnlyInCli = { name: 'node:process', message: 'Only src/cli/ touches process.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { n: nodePlugin },
    rules: {
      'n/no-process-exit': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/cli/ touches process; take it as a parameter.' }],
      'no-console': 'error',
      'no-restricted-imports': ['error', { paths: [processOnlyInCli, { name: 'process', message: 'Only src/cli/ touches process.' }] }],
    },
  },
  {
    // Spreading an array into arguments overflows the stack from ~100k values (a day of
    // windows); src/extent.ts has minOf/maxOf for any number of values (issue #17, item 5).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
        message: 'No spread into Math.min/max: use minOf/maxOf from src/extent.ts (unbounded arrays overflow the stack).',
      }],
    },
  },
  {
    // The demo target and child-process entry points are programs of their own (their
    // own process): they may read their argv and signals, but only in their main file.
    files: ['src/target/main.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/analyze/**', 'src/report/**', 'src/metrics/**', 'src/scenario/parse.ts', 'src/scenario/plan.ts', 'src/scale/shard.ts', 'src/scale/merge.ts'],
    rules: {
      // A later block replaces a rule's options (it doesn't merge them), so repeat node:process here.
      'no-restricted-imports': ['error', {
        paths: [processOnlyInCli],
        patterns: [
          { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:worker_threads', 'worker_threads', 'undici', 'node:child_process', 'pg'], message: 'Pure module: data in, data out.' },
          { group: ['**/engine/*', '**/cli/*', '**/target/*', '**/probes/*'], message: 'Lower layers never import upward.' },
        ],
      }],
    },
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [processOnlyInCli],
        patterns: [{ group: ['**/record/*', '**/analyze/*', '**/report/*', '**/cli/*'], message: 'engine/ never imports record/, analyze/, report/ or cli/.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', '*.config.*', 'test/bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
