/**
 * The docs cannot drift: README.md and docs/*.md are read as the user reads them.
 * - ```yaml test blocks are whole scenarios: the real validator (loadScenario) accepts them;
 *   ```yaml fragment <path> blocks are accepted when placed into a minimal scenario.
 * - ```sh test lines run against the built CLI and exit 0 (commands that send no load only);
 *   ```console test blocks show a `$ ` command whose real output starts with the lines shown.
 * - every `capplan` command and flag shown anywhere (fenced blocks and inline code) is listed
 *   by that command's `--help`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../src/scenario/load.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { commandUses, docFiles, fencedBlocks, inlineCode, type Block, type CommandUse } from '../helpers/markdown.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
/** Commands that read files and print, sending no load and writing nothing. */
const NO_LOAD = new Set(['validate', 'inspect', 'plan', 'schema', 'analyze', 'k8s', '']);

const files = docFiles(ROOT);
const blocks = files.flatMap((f) => fencedBlocks(ROOT, f));
const marked = (kind: string, marker: string): Block[] =>
  blocks.filter((b) => b.info[0] === kind && b.info[1] === marker);
const label = (b: Block): string => `${b.file}:${b.line}`;

function capplan(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1' };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Splits a shell line into words (no quoting in the lines we run: refuse it). */
function words(line: string): string[] {
  expect(line, 'sh test lines are plain words: no quotes, pipes or redirections').not.toMatch(/["'|><&;$]/);
  return line.trim().split(/\s+/);
}

/** Every `${env.NAME}` without a default gets a value, so validation can resolve it. */
function envFor(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/\$\{env\.([A-Za-z_]\w*)\}/g)].map((m) => [m[1]!, 'x']));
}

const BASE = {
  version: 1,
  target: { demo: { pool: 20, hold: '50ms' } },
  requests: [{ path: '/' }],
  load: { model: 'closed' },
};

/** The fragment placed at `path` (dotted) of a minimal scenario; load gets stages unless it has a shape. */
function embed(fragment: unknown, path: string | undefined): Record<string, unknown> {
  const scenario = structuredClone(BASE) as Record<string, unknown>;
  const parts = path === undefined ? [] : path.split('.');
  let node = scenario;
  for (const key of parts) node = (node[key] ??= {}) as Record<string, unknown>;
  Object.assign(node, fragment);
  const load = scenario['load'] as Record<string, unknown>;
  const shaped = load['stages'] !== undefined || load['sweep'] !== undefined;
  if (!shaped) load['stages'] = [{ duration: '1s', concurrency: 1 }];
  return scenario;
}

describe('docs: scenarios', () => {
  it('has marked scenario blocks to check', () => {
    expect(marked('yaml', 'test').length).toBeGreaterThanOrEqual(3);
    expect(marked('yaml', 'fragment').length).toBeGreaterThanOrEqual(3);
  });

  const cases = (kind: string, marker: string): (readonly [string, Block])[] =>
    marked(kind, marker).map((b) => [label(b), b] as const);

  it.each(cases('yaml', 'test'))('%s is a valid scenario', async (_where, block) => {
    const dir = tmpdir({ 'scenario.yml': block.text });
    await expect(loadScenario(join(dir, 'scenario.yml'), { env: envFor(block.text), cwd: dir })).resolves.toBeDefined();
  });

  it.each(cases('yaml', 'fragment'))('%s is valid in a scenario', async (_where, block) => {
    const yaml = stringify(embed(parse(block.text), block.info[2]));
    const dir = tmpdir({ 'scenario.yml': yaml });
    const loading = loadScenario(join(dir, 'scenario.yml'), { env: envFor(block.text), cwd: dir });
    await expect(loading, yaml).resolves.toBeDefined();
  });
});

describe('docs: commands', () => {
  const runnable = marked('sh', 'test').flatMap((b) =>
    b.text
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => [label(b), l] as const),
  );

  it('has marked command lines to run', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
  });

  it.each(runnable)('%s: %s exits 0', (_where, line) => {
    const [npx, name, ...args] = words(line);
    expect([npx, name]).toEqual(['npx', 'capplan']);
    const command = /^[a-z]/.test(args[0] ?? '') ? args[0]! : '';
    expect(NO_LOAD.has(command) || args.includes('--help'), `${line}: sends load or writes files`).toBe(true);
    const result = capplan(args);
    expect(result.stderr, line).not.toMatch(/\n\s+at /);
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
  });

  const consoles = marked('console', 'test').map((b) => [label(b), b] as const);
  it.each(consoles)("%s shows its command's real output", (_where, block) => {
    const [command, ...shown] = block.text.split('\n');
    const [npx, name, ...args] = words(command!.replace(/^\$ /, ''));
    expect([npx, name]).toEqual(['npx', 'capplan']);
    expect(NO_LOAD.has(args[0] ?? '')).toBe(true);
    const result = capplan(args);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, shown.length)).toEqual(shown);
  });
});

describe('docs: every command and flag shown exists', () => {
  const help = new Map<string, string>();
  const helpOf = (command: string): string => {
    if (!help.has(command)) help.set(command, capplan(command === '' ? ['--help'] : [command, '--help']).stdout);
    return help.get(command)!;
  };
  const listed = (text: string, flag: string): boolean => new RegExp(`(^|[\\s,])${flag}([\\s,=]|$)`, 'm').test(text);

  const uses: CommandUse[] = files.flatMap((f) => [
    ...fencedBlocks(ROOT, f).flatMap((b) => commandUses(b.text, label(b))),
    ...inlineCode(ROOT, f).flatMap((code) => commandUses(` ${code}`, `${f}: \`${code}\``)),
  ]);

  it('finds the commands the docs show', () => {
    const commands = new Set(uses.map((u) => u.command));
    const all = [
      'run',
      'validate',
      'inspect',
      'analyze',
      'report',
      'compare',
      'plan',
      'target',
      'merge',
      'k8s',
      'init',
      'schema',
      'doctor',
    ];
    for (const c of all) expect(commands, c).toContain(c);
  });

  it('every command shown is a command, and --help lists every flag shown with it', () => {
    const problems: string[] = [];
    const program = helpOf('');
    for (const use of uses) {
      if (use.command !== '' && !new RegExp(`^\\s+${use.command}\\b`, 'm').test(program)) {
        problems.push(`${use.where}: capplan ${use.command} is not a command`);
        continue;
      }
      for (const flag of use.flags) {
        if (listed(helpOf(use.command), flag) || listed(program, flag)) continue;
        problems.push(`${use.where}: capplan ${use.command} ${flag} is not in its --help`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every flag in inline code belongs to some command', () => {
    const all = ['', ...new Set(uses.map((u) => u.command))].map(helpOf).join('\n');
    const flags = files.flatMap((f) =>
      inlineCode(ROOT, f)
        .filter((c) => /^--[a-z]/.test(c))
        .map((c) => [f, c.split(/[\s=]/)[0]!] as const),
    );
    expect(flags.length).toBeGreaterThan(10);
    expect(flags.filter(([, flag]) => !listed(all, flag)).map(([f, flag]) => `${f}: ${flag}`)).toEqual([]);
  });
});
