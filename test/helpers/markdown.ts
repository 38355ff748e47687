/**
 * Reads the docs' fenced blocks and the `capplan` command lines in them, for the
 * docs-snippets test. Markers go on the fence's info string: ```yaml test (a whole scenario),
 * ```yaml fragment load (a part, placed under `load`), ```sh test (lines to run),
 * ```console test (a `$ ` command and the start of its real output).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Block = { file: string; line: number; info: string[]; text: string };

/** README.md and every docs/*.md, relative to the repository root. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

export function fencedBlocks(root: string, file: string): Block[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { line: number; info: string[]; indent: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    const fence = /^(\s*)```(.*)$/.exec(line);
    if (open === undefined) {
      if (fence === null) return;
      const info = fence[2]!.trim().split(/\s+/).filter(Boolean);
      open = { line: index + 1, info, indent: fence[1]!.length, body: [] };
    } else if (fence !== null && fence[2]!.trim() === '') {
      blocks.push({ file, line: open.line, info: open.info, text: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  });
  return blocks;
}

/** Inline code spans of the prose (outside fenced blocks). */
export function inlineCode(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, '');
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.replaceAll('\\|', '|'));
}

export type CommandUse = { command: string; flags: string[]; where: string };

/**
 * Every `capplan <command> ...` in a piece of text: the command word and the flags up to the
 * end of that command (a pipe, `&&`, `;`, a redirection or a comment ends it).
 */
export function commandUses(text: string, where: string): CommandUse[] {
  const uses: CommandUse[] = [];
  for (const line of text.split('\n')) {
    for (const match of line.matchAll(/(?:^|[\s;&|($`'"])capplan(?=\s)((?:\s+[^\s|;&>#]+)*)/g)) {
      const tokens = match[1]!.trim().split(/\s+/).filter(Boolean);
      const first = tokens[0];
      // `capplan --version` / `capplan --help`: the program itself.
      const command = first !== undefined && /^[a-z][a-z0-9-]*$/.test(first) ? first : '';
      const flags = tokens
        .slice(command === '' ? 0 : 1)
        .map(
          (t) =>
            t
              .replace(/^\[/, '')
              .replace(/[\]),.]+$/, '')
              .split('=')[0]!,
        )
        .filter((t) => /^--?[a-zA-Z][\w-]*$/.test(t));
      if (command !== '' || flags.length > 0) uses.push({ command, flags, where });
    }
  }
  return uses;
}
