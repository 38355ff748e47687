/**
 * Starts the demo target as a child process on a free loopback port and stops it.
 * STUB until the demo-target issue lands: signature is the contract.
 */
import { InternalError } from '../errors.js';
import type { DemoTargetSpec } from '../scenario/types.js';

export type DemoTargetHandle = {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. Idempotent. */
  stop: () => Promise<void>;
};

export async function startDemoTargetProcess(_spec: DemoTargetSpec, _options: { env?: Readonly<Record<string, string | undefined>> } = {}): Promise<DemoTargetHandle> {
  throw new InternalError('the demo target is not implemented yet');
}
