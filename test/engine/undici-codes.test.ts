import { describe, expect, it } from 'vitest';
import { classifyError, describeError } from '../../src/engine/undici-codes.js';

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
    expect(describeError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'))).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(describeError(new Error('fetch failed', { cause: new Error('socket hang up') }))).toBe('fetch failed: socket hang up');
  });
});
