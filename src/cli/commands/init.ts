import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function initCommand(_file: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan init is not implemented yet');
}
