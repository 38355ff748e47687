/**
 * The one place that knows undici's and Node's error codes: maps a failed request to an
 * index into ERROR_KINDS. Unexpected HTTP statuses are not errors here (see window.ts).
 */
import { ERROR_KIND_INDEX, type FixedErrorKind } from '../metrics/error-kinds.js';

const BY_CODE: Readonly<Record<string, FixedErrorKind>> = {
  ECONNREFUSED: 'connect-refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ETIMEDOUT: 'connect-timeout',
  ECONNRESET: 'socket-reset',
  EPIPE: 'socket-reset',
  UND_ERR_SOCKET: 'socket-reset',
  UND_ERR_CLOSED: 'socket-reset',
  UND_ERR_HEADERS_TIMEOUT: 'headers-timeout',
  UND_ERR_BODY_TIMEOUT: 'body-timeout',
  EMFILE: 'client-limit',
  ENFILE: 'client-limit',
  EADDRNOTAVAIL: 'client-limit',
  UND_ERR_HEADERS_OVERFLOW: 'headers-overflow',
};

/** OpenSSL verification codes and Node's name check: the certificate was refused. */
const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
  'CERT_REVOKED',
]);

/** The kind of a request failure (undici or system error), by its `code`. */
export function classifyError(error: unknown): FixedErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const kind = BY_CODE[code];
    if (kind !== undefined) return kind;
    if (TLS_CERT_CODES.has(code)) return 'tls-cert';
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') return 'tls-handshake';
  }
  return 'other';
}

/** What to change for a TLS failure (the preflight hint): never "is the service running?". */
export function tlsHint(kind: FixedErrorKind, error: unknown): string | undefined {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return 'the certificate is for another name: set target.tls.servername to the name it carries';
  }
  if (kind === 'tls-cert') {
    return (
      'the certificate is not trusted: set target.tls.ca to the CA file that signed it ' +
      '(or target.tls.insecure: true for a test service)'
    );
  }
  if (kind === 'tls-handshake') {
    return (
      "check that the URL's port speaks TLS, " + 'and target.tls.cert/key if the service asks for a client certificate'
    );
  }
  return undefined;
}

/** `classifyError` as an index into the recorder's counters. */
export function classifyErrorIndex(error: unknown): number {
  return ERROR_KIND_INDEX[classifyError(error)];
}

/** One line describing a failure, e.g. "connect ECONNREFUSED 127.0.0.1:9". */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const message = error.message !== '' ? error.message : String((error as { code?: unknown }).code ?? error.name);
    return cause instanceof Error && cause.message !== '' && !message.includes(cause.message)
      ? `${message}: ${cause.message}`
      : message;
  }
  return String(error);
}
