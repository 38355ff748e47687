import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function schemaCommand(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan schema is not implemented yet');
}
