import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function compareCommand(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan compare is not implemented yet');
}
