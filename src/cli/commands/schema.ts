/**
 * `capplan schema [--record]`: the scenario JSON Schema (draft 2020-12, generated from the
 * zod schema) for editors and CI, or with --record the RunRecord schema.
 */
import { recordJsonSchema } from '../../record/schema.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

/** What commander hands over for the options schema-command.ts declares. */
export type SchemaFlags = { record?: boolean };

export type SchemaOptions = { record: boolean };

export const schemaOptions = (flags: SchemaFlags): SchemaOptions => ({ record: flags.record === true });

export async function schemaCommand(options: SchemaOptions, io: Io): Promise<number> {
  const schema = options.record ? recordJsonSchema() : scenarioJsonSchema();
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return ExitCode.ok;
}
