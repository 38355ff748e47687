/**
 * One request before the run: any HTTP response means the target is reachable; a network
 * failure is a TargetUnreachableError naming the URL and the cause (exit 3, nothing measured).
 */
import { Client } from 'undici';
import { TargetUnreachableError } from '../errors.js';
import { describeError } from './undici-codes.js';

/** GETs `url` once (timeout `timeoutMs`); throws TargetUnreachableError when no response comes. */
export async function preflight(url: string, timeoutMs: number): Promise<{ statusCode: number }> {
  const parsed = new URL(url);
  const client = new Client(parsed.origin, { connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, allowH2: false });
  try {
    const response = await client.request({ method: 'GET', path: `${parsed.pathname}${parsed.search}` });
    await response.body.dump();
    return { statusCode: response.statusCode };
  } catch (error) {
    throw new TargetUnreachableError(url, describeError(error), {
      hint: `is the service running? try \`curl ${url}\``,
      cause: error,
    });
  } finally {
    await client.destroy().catch(() => undefined);
  }
}
