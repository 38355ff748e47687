// Lint rules that carry the layering of DESIGN.md §2 (CONVENTIONS.md §3.1): the import
// direction between every folder of src/ (LAYERS below), only src/cli/ touches the process,
// and the pure folders do no IO. test/lint/layers.test.ts checks that an upward import fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';
import globals from 'globals';

const processOnlyInCli = { name: 'node:process', message: 'Only src/cli/ touches process.' };
const processPaths = [processOnlyInCli, { name: 'process', message: 'Only src/cli/ touches process.' }];

/** The top-level modules of src/: folders, and the leaf files errors.ts, format.ts, redact-url.ts. */
const MODULES = [
  'alerts',
  'analyze',
  'cli',
  'engine',
  'export',
  'gate',
  'metrics',
  'probes',
  'record',
  'report',
  'scale',
  'scenario',
  'stats',
  'target',
  'watch',
  'errors',
  'format',
  'redact-url',
];

/** What each module may import (besides itself). Leaves: errors, stats, format, redact-url import nothing of ours. */
const LEAVES = ['errors', 'format', 'redact-url'];
export const LAYERS = {
  cli: MODULES.filter((m) => m !== 'cli'),
  report: ['analyze', 'gate', 'record', 'scenario', 'stats', ...LEAVES],
  gate: ['analyze', 'record', 'stats', ...LEAVES],
  scale: ['record', 'metrics', 'scenario', 'stats', ...LEAVES],
  analyze: ['record', 'metrics', 'scenario', 'stats', ...LEAVES],
  // record/build.ts turns the engine's RunOutcome (engine/types.ts only) into a record.
  record: ['metrics', 'scenario', 'stats', 'engine/types', ...LEAVES],
  probes: ['record', 'scenario', ...LEAVES],
  // Prometheus both ways: rule files from records (pure), the live export, the watch loop.
  alerts: ['record', 'stats', ...LEAVES],
  export: ['metrics', 'scenario', ...LEAVES],
  watch: [...LEAVES],
  engine: ['scenario', 'metrics', ...LEAVES],
  // The demo target is a separate program (its own entry, forked from dist/): only cli/ imports it.
  target: ['scenario', ...LEAVES],
  scenario: [...LEAVES],
  metrics: [...LEAVES],
  stats: [],
  errors: [],
  format: [],
  'redact-url': [],
};

/** Import patterns (gitignore syntax, matched against the specifier) naming a module. */
function patternsOf(module) {
  return ['errors', 'format', 'redact-url'].includes(module) ? [`**/${module}.js`] : [`**/${module}/**`];
}

/** The forbidden-import group of `module`: every other module not in its LAYERS entry. */
function forbiddenFor(module) {
  const allowed = LAYERS[module];
  const group = [];
  for (const other of MODULES) {
    if (other === module || allowed.includes(other)) continue;
    group.push(...patternsOf(other));
    // A partial allowance ("engine/types") re-allows one file of a forbidden folder.
    for (const a of allowed.filter((x) => x.startsWith(`${other}/`))) group.push(`!**/${a}.js`);
  }
  return group;
}

const IO_MODULES = [
  'node:fs',
  'node:fs/*',
  'fs',
  'fs/*',
  'node:worker_threads',
  'worker_threads',
  'undici',
  'node:child_process',
  'pg',
];
/** Pure code: data in, data out (gate/history.ts is the gate's one file-system module). */
const PURE = [
  'src/alerts/**',
  'src/analyze/**',
  'src/report/**',
  'src/metrics/**',
  'src/stats/**',
  'src/gate/**',
  'src/errors.ts',
  'src/format.ts',
  'src/scenario/parse.ts',
  'src/scenario/schedule.ts',
  'src/scale/shard.ts',
  'src/scale/merge-shards.ts',
];
const PURE_EXCEPTIONS = ['src/gate/history.ts'];

function filesOf(module) {
  return LEAVES.includes(module) ? [`src/${module}.ts`] : [`src/${module}/**/*.ts`];
}

/** One block per module and per purity: a later block replaces a rule's options, so each carries all of them. */
function layerBlocks() {
  const blocks = [];
  for (const module of MODULES) {
    const allowed = LAYERS[module].join(', ') || 'nothing of ours';
    const layer = { group: forbiddenFor(module), message: `${module} may import only: ${allowed} (DESIGN.md §2).` };
    const paths = module === 'cli' ? [] : processPaths;
    const patterns = layer.group.length > 0 ? [layer] : [];
    blocks.push({ files: filesOf(module), rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
    const pure = { group: IO_MODULES, message: 'Pure module: data in, data out.' };
    blocks.push({
      files: PURE.filter((p) => p.startsWith(`src/${module}/`) || p === `src/${module}.ts`),
      ignores: PURE_EXCEPTIONS,
      rules: { 'no-restricted-imports': ['error', { paths, patterns: [...patterns, pure] }] },
    });
    if (module === 'target') {
      // The target's own entry point reads its argv and signals (it is its own process).
      const rules = { 'no-restricted-globals': 'off', 'no-restricted-imports': ['error', { patterns }] };
      blocks.push({ files: ['src/target/main.ts', 'src/target/embedded-postgres-main.ts'], rules });
    }
  }
  return blocks.filter((b) => b.files.length > 0);
}

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
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/cli/ touches process; take it as a parameter.' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Spreading an array into arguments overflows the stack from ~100k values (a day of
    // windows): minOf/maxOf of src/stats/extent.ts take any number (issue #17, item 5).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
          message:
            'No spread into Math.min/max: use minOf/maxOf (src/stats/extent.ts); unbounded arrays overflow the stack.',
        },
      ],
    },
  },
  {
    // Small functions with one job (CONVENTIONS.md): a longer one is split, not exempted.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  ...layerBlocks(),
  {
    // Prettier (printWidth 120, `npm run format`) breaks code but not strings, template literals or comments:
    // this keeps those within the width too (a long message is split with + at a phrase boundary).
    files: ['src/**/*.ts', 'test/**/*.ts', 'test/**/*.mjs', '*.js', '*.ts'],
    ignores: ['test/fixtures/**'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true }] },
  },
  {
    files: ['test/**/*.ts', '*.config.*', 'test/bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
