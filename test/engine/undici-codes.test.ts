import { describe, expect, it } from 'vitest';
import { classifyError, describeError, tlsHint } from '../../src/engine/undici-codes.js';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'connect-refused'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect-timeout'],
    ['ETIMEDOUT', 'connect-timeout'],
    ['ECONNRESET', 'socket-reset'],
    ['UND_ERR_SOCKET', 'socket-reset'],
    ['EPIPE', 'socket-reset'],
    ['UND_ERR_HEADERS_TIMEOUT', 'headers-timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'body-timeout'],
    ['ENOTFOUND', 'other'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-cert'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls-cert'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-cert'],
    ['CERT_HAS_EXPIRED', 'tls-cert'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-cert'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls-handshake'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tls-handshake'],
    ['ERR_TLS_HANDSHAKE_TIMEOUT', 'tls-handshake'],
    ['EPROTO', 'tls-handshake'],
    // TLS and oversized headers have kinds of their own (issue #17).
    ['UND_ERR_HEADERS_OVERFLOW', 'headers-overflow'],
  ])('%s is %s', (code, kind) => {
    expect(classifyError(withCode(code))).toBe(kind);
  });

  it('falls back to other for anything without a known code', () => {
    expect(classifyError(new Error('boom'))).toBe('other');
    expect(classifyError(null)).toBe('other');
    expect(classifyError('text')).toBe('other');
  });
});

describe('describeError', () => {
  it('keeps the message and adds a cause it does not already hold', () => {
    expect(describeError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(describeError(new Error('fetch failed', { cause: new Error('socket hang up') }))).toBe(
      'fetch failed: socket hang up',
    );
  });
});

describe('tlsHint', () => {
  it('names the option that fixes each TLS failure, and nothing for other failures', () => {
    const hint = (kind: 'tls-cert' | 'tls-handshake', code: string): string | undefined =>
      tlsHint(kind, withCode(code));
    expect(hint('tls-cert', 'DEPTH_ZERO_SELF_SIGNED_CERT')).toMatch(/target\.tls\.ca .*target\.tls\.insecure: true/);
    expect(hint('tls-cert', 'ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/target\.tls\.servername/);
    expect(hint('tls-handshake', 'ERR_SSL_WRONG_VERSION_NUMBER')).toMatch(/speaks TLS.*target\.tls\.cert\/key/);
    expect(tlsHint('connect-refused', withCode('ECONNREFUSED'))).toBeUndefined();
  });
});
