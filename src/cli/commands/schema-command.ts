/** Declares `capplan schema`; the work is schema.ts. */
import type { DeclareCommand } from '../command.js';
import type { SchemaFlags } from './schema.js';

export const declareSchema: DeclareCommand = (program, { io, done }) => {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of scenarios, or of run records with --record')
    .option('--record', 'the RunRecord schema instead')
    .action(async (flags: SchemaFlags) => {
      const { schemaCommand, schemaOptions } = await import('./schema.js');
      done(await schemaCommand(schemaOptions(flags), io));
    });
};
