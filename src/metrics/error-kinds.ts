/**
 * The closed set of per-request error kinds (CONVENTIONS.md §3.3). Network and timeout
 * failures have fixed kinds counted in a `Uint32Array` indexed by `ERROR_KIND_INDEX`;
 * unexpected HTTP statuses are counted per code and reported as `http-<code>`.
 */
export const ERROR_KINDS = [
  'connect-refused',
  'connect-timeout',
  'socket-reset',
  'headers-timeout',
  'body-timeout',
  'client-queue-timeout',
  'other',
  // Wave 2, appended so earlier indexes stay put.
  /** A flow step's response lacked a value it had to capture: the step failed, its iteration ended. */
  'capture-failed',
  /** The server's certificate was refused (untrusted, self-signed, expired, wrong name). */
  'tls-cert',
  /** The TLS handshake failed for another reason (protocol, client certificate, not TLS at all). */
  'tls-handshake',
  // The generator itself ran out of file descriptors or local ports (EMFILE, ENFILE,
  // EADDRNOTAVAIL): not the target's error; the step is generator-limited.
  'client-limit',
  /** Issue #17: response headers larger than the client accepts (not "unreachable"; its own hint). */
  'headers-overflow',
] as const;

/** A fixed (non-HTTP) error kind. */
export type FixedErrorKind = (typeof ERROR_KINDS)[number];

/** Any error kind as it appears in records: a fixed kind or `http-<code>`. */
export type ErrorKind = FixedErrorKind | `http-${number}`;

/** Index of each fixed kind in the counters array. */
export const ERROR_KIND_INDEX: Readonly<Record<FixedErrorKind, number>> = Object.fromEntries(
  ERROR_KINDS.map((kind, index) => [kind, index]),
) as Record<FixedErrorKind, number>;

/** Name of the kind for an unexpected HTTP status code. */
export function httpErrorKind(statusCode: number): `http-${number}` {
  return `http-${statusCode}`;
}

/** True for the kinds that mean a request timed out (any phase). */
export function isTimeoutKind(kind: string): boolean {
  return (
    kind === 'connect-timeout' ||
    kind === 'headers-timeout' ||
    kind === 'body-timeout' ||
    kind === 'client-queue-timeout'
  );
}
