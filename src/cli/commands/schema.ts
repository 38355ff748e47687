/**
 * `capplan schema [--record]`: the scenario JSON Schema (draft 2020-12, generated from the
 * zod schema) for editors and CI, or with --record the RunRecord schema.
 */
import { recordJsonSchema } from '../../record/schema.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io.js';

export async function schemaCommand(opts: Record<string, unknown>, io: Io): Promise<number> {
  const schema = opts['record'] === true ? recordJsonSchema() : scenarioJsonSchema();
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return ExitCode.ok;
}
