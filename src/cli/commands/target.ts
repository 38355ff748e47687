import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function targetCommand(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan target is not implemented yet');
}
