/** Declares `capplan validate <scenarios...>` (no options); the work is validate.ts. */
import type { DeclareCommand } from '../command.js';

export const declareValidate: DeclareCommand = (program, { io, done }) => {
  program
    .command('validate')
    .description('validate scenario files without sending traffic; every problem as file:line:col: message')
    .argument('<scenarios...>', 'scenario files')
    .action(async (files: string[]) => {
      const { validateCommand } = await import('./validate.js');
      done(await validateCommand(files, io));
    });
};
