/**
 * One request before the run: any HTTP response means the target is reachable; a network
 * failure is a TargetUnreachableError naming the URL and the cause (exit 3, nothing measured).
 * A TLS failure is a TargetTlsError whose hint names the `target.tls` option that fixes it.
 */
import { Client } from 'undici';
import { TargetTlsError, TargetUnreachableError } from '../errors.js';
import { classifyError, describeError, tlsHint } from './undici-codes.js';
import type { TlsConnect } from './http-connection.js';
import { preflightFailure } from './preflight-failure.js';

/** GETs `url` once (timeout `timeoutMs`); throws TargetUnreachableError when no response comes. */
export async function preflight(url: string, timeoutMs: number, tls?: TlsConnect): Promise<{ statusCode: number }> {
  const parsed = new URL(url);
  const client = new Client(parsed.origin, {
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    allowH2: false,
    ...(tls === undefined ? {} : { connect: { ...tls } }),
  });
  try {
    const response = await client.request({ method: 'GET', path: `${parsed.pathname}${parsed.search}` });
    await response.body.dump();
    return { statusCode: response.statusCode };
  } catch (error) {
    const hint = tlsHint(classifyError(error), error) ?? closedAfterHandshake(parsed, error);
    if (hint !== undefined) throw new TargetTlsError(url, describeError(error), { hint, cause: error });
    const failure = preflightFailure(error, url, timeoutMs);
    throw new TargetUnreachableError(url, failure.what, { hint: failure.hint, cause: error });
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

/**
 * TLS 1.3 servers check the client certificate after the handshake: a server that requires one
 * just closes the connection before answering, which undici reports as a plain socket error.
 */
function closedAfterHandshake(url: URL, error: unknown): string | undefined {
  if (url.protocol !== 'https:' || classifyError(error) !== 'socket-reset') return undefined;
  const bytesRead = (error as { socket?: { bytesRead?: unknown } } | null)?.socket?.bytesRead;
  if (bytesRead !== 0) return undefined;
  return (
    'the service closed the TLS connection before answering: ' +
    'if it requires a client certificate, set target.tls.cert/key'
  );
}
