/**
 * `capplan init [file] [--force]`: writes the commented starter scenario. Refuses to
 * overwrite an existing file unless --force (the check and the write are one atomic open).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CapplanError } from '../../errors.js';
import { STARTER_SCENARIO } from '../../scenario/starter.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options init-command.ts declares. */
export type InitFlags = { force?: boolean };

export type InitOptions = { force: boolean };

export const initOptions = (flags: InitFlags): InitOptions => ({ force: flags.force === true });

export async function initCommand(file: string, options: InitOptions, io: Io): Promise<number> {
  const { force } = options;
  const text = STARTER_SCENARIO.replaceAll('capplan.yml', file);
  try {
    await writeFile(resolve(io.cwd, file), text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST')
      throw new CapplanError(`${file} already exists; not overwriting it`, {
        hint: `use \`capplan init ${file} --force\` to replace it`,
      });
    if (code === 'EISDIR') throw new CapplanError(`${file} is a directory`);
    if (code === 'ENOENT') throw new CapplanError(`cannot write ${file}: its folder does not exist`);
    throw new CapplanError(`cannot write ${file}: ${String(code ?? error)}`, { cause: error });
  }
  io.stdout.write(`wrote ${file}\nnext: capplan validate ${file} && capplan inspect ${file}\n`);
  return ExitCode.ok;
}
