/**
 * Why the preflight request failed, in words that name the failure: "unreachable" only for a
 * target that cannot be connected to; slow headers, oversized headers, TLS and non-HTTP
 * answers each get their kind (the per-request error kinds, or `slow-headers` for a
 * preflight with no response headers within the timeout) and a hint of their own.
 */
import { classifyError, describeError } from './undici-codes.js';

export type PreflightFailure = { kind: string; what: string; hint: string };

function formatTimeout(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The failure of one preflight GET of `url` with `timeoutMs`. */
export function preflightFailure(error: unknown, url: string, timeoutMs: number): PreflightFailure {
  const detail = describeError(error);
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const kind = classifyError(error);
  if (kind === 'headers-timeout') {
    return {
      kind: 'slow-headers',
      what: `sent no response headers within ${formatTimeout(timeoutMs)} (slow-headers)`,
      hint:
        'the target accepts connections but does not answer: is it overloaded or stuck? ' +
        'raise target.timeout if it is just slow',
    };
  }
  if (kind === 'headers-overflow') {
    return {
      kind,
      what: 'answered with response headers larger than the client accepts (headers-overflow)',
      hint: `check the headers of \`curl -sI ${url}\`; undici accepts 16 KiB of response headers`,
    };
  }
  if (kind === 'tls-cert' || kind === 'tls-handshake') {
    const hint =
      kind === 'tls-cert'
        ? 'the certificate is not trusted for this host (self-signed, expired or another name)'
        : `is it an https target? \`curl -v ${url}\` shows the handshake; use http:// for a plain HTTP port`;
    return { kind, what: `failed TLS (${kind}): ${detail}`, hint };
  }
  if (code.startsWith('HPE_') || /does not match the HTTP/i.test(detail)) {
    const hint = `is this port an HTTP service? try \`curl -v ${url}\``;
    return { kind: 'other', what: `did not answer with valid HTTP: ${detail}`, hint };
  }
  if (kind === 'socket-reset') {
    const what = `closed the connection without answering (socket-reset): ${detail}`;
    return { kind, what, hint: `try \`curl -v ${url}\`` };
  }
  return { kind, what: `is unreachable: ${detail}`, hint: `is the service running? try \`curl ${url}\`` };
}
