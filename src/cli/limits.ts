/**
 * Reads what this process may open (the scenario check is pure: scenario/connections.ts):
 * the file-descriptor soft limit from /proc/self/limits (Node raises it to the hard limit at
 * start, so this is what the process really has), else from `ulimit -n`; the ephemeral port
 * range from /proc/sys/net/ipv4/ip_local_port_range. Unknown values are left out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ConnectionLimits } from '../scenario/connections.js';

export function readConnectionLimits(): ConnectionLimits {
  const fdLimit = fromProcLimits() ?? fromUlimit();
  const portRange = readPortRange();
  return { ...(fdLimit === undefined ? {} : { fdLimit }), ...(portRange === undefined ? {} : { portRange }) };
}

function fromProcLimits(): number | undefined {
  const line = readText('/proc/self/limits')
    ?.split('\n')
    .find((l) => l.startsWith('Max open files'));
  return positive(line?.slice('Max open files'.length).trim().split(/\s+/)[0]);
}

function fromUlimit(): number | undefined {
  const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 });
  return result.status === 0 ? positive(result.stdout.trim()) : undefined;
}

function readPortRange(): [number, number] | undefined {
  const [low, high] = (readText('/proc/sys/net/ipv4/ip_local_port_range') ?? '').trim().split(/\s+/).map(positive);
  return low !== undefined && high !== undefined && high >= low ? [low, high] : undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A whole number ≥ 1, else undefined ("unlimited" included: nothing to check). */
function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
