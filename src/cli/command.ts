/**
 * What a command's declaration gets from program.ts. A command is two modules:
 * `commands/<name>-command.ts` declares it to commander (arguments, options, help);
 * `commands/<name>.ts`, imported lazily so that `capplan validate` never loads undici or
 * workers, types the flags commander hands over (`<Name>Flags`, imported by the declaration
 * as a type only), parses them once into its typed options (one-line UsageErrors) and does
 * the work, returning an exit code.
 */
import type { Command } from 'commander';
import type { Io } from './io.js';

export type CommandContext = {
  readonly io: Io;
  /** Where the command's exit code goes (commander's action returns nothing). */
  readonly done: (code: number) => void;
};

/** Adds one command to the program. */
export type DeclareCommand = (program: Command, context: CommandContext) => void;

/** Accumulates a repeatable option (`--set a=1 --set b=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
