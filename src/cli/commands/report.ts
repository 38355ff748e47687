import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function reportCommand(_file: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan report is not implemented yet');
}
