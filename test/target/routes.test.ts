import { describe, expect, it } from 'vitest';
import { bearerToken, routeOf } from '../../src/target/routes.js';
import { TokenStore } from '../../src/target/tokens.js';

describe('routeOf', () => {
  it('names login, catalogue and checkout, and everything else "other"', () => {
    expect(routeOf('/login')).toBe('login');
    expect(routeOf('/login?x=1')).toBe('login');
    expect(routeOf('/login/again')).toBe('other');
    expect(routeOf('/catalogue')).toBe('catalogue');
    expect(routeOf('/catalogue?page=2')).toBe('catalogue');
    expect(routeOf('/catalogue/A-1')).toBe('catalogue');
    expect(routeOf('/catalogues')).toBe('other');
    expect(routeOf('/checkout')).toBe('checkout');
    expect(routeOf('/checkout?item=3')).toBe('checkout');
    expect(routeOf('/checkout-now/7')).toBe('checkout');
    expect(routeOf('/orders?item=1')).toBe('other');
    expect(routeOf('/')).toBe('other');
  });
});

describe('bearerToken', () => {
  it('reads "Bearer <token>" only', () => {
    expect(bearerToken('Bearer t-ann-1')).toBe('t-ann-1');
    expect(bearerToken('bearer   t-ann-1 ')).toBe('t-ann-1');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('TokenStore', () => {
  it('issues t-<user>-<n> and knows only what it issued, forgetting the oldest past its limit', () => {
    const tokens = new TokenStore(2);
    const a = tokens.issue('ann');
    const b = tokens.issue('bob');
    expect([a, b]).toEqual(['t-ann-1', 't-bob-2']);
    expect(tokens.has(a)).toBe(true);
    expect(tokens.has('t-ann-2')).toBe(false);
    expect(tokens.has(undefined)).toBe(false);
    const c = tokens.issue('ann');
    expect(c).toBe('t-ann-3');
    expect(tokens.has(a)).toBe(false);
    expect(tokens.has(b) && tokens.has(c)).toBe(true);
  });
});
