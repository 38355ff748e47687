/** Declares `capplan init [file]`; the work is init.ts. */
import type { DeclareCommand } from '../command.js';
import type { InitFlags } from './init.js';

export const declareInit: DeclareCommand = (program, { io, done }) => {
  program
    .command('init')
    .description('write a commented starter scenario')
    .argument('[file]', 'where to write it', 'capplan.yml')
    .option('--force', 'overwrite an existing file')
    .action(async (file: string, flags: InitFlags) => {
      const { initCommand, initOptions } = await import('./init.js');
      done(await initCommand(file, initOptions(flags), io));
    });
};
