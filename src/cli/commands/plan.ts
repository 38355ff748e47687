import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function planCommand(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan plan is not implemented yet');
}
