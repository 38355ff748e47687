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
};

/** The kind of a request failure (undici or system error), by its `code`. */
export function classifyError(error: unknown): FixedErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const kind = BY_CODE[code];
    if (kind !== undefined) return kind;
  }
  return 'other';
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
    return cause instanceof Error && cause.message !== '' && !message.includes(cause.message) ? `${message}: ${cause.message}` : message;
  }
  return String(error);
}
