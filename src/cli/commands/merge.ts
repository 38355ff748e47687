import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function mergeCommand(_files: string[], _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan merge is not implemented yet');
}
