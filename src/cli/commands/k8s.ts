import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function k8sCommand(_file: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan k8s is not implemented yet');
}
