/**
 * The demo target's routes (pure): which part of a real shop a path stands for. `login` and
 * `catalogue` never touch the pool; `checkout` needs a token from /login and then the pool;
 * every other path goes through the pool (the behaviour of every path before routes existed).
 */
export const ROUTES = ['login', 'catalogue', 'checkout', 'other'] as const;
export type Route = (typeof ROUTES)[number];

/** The route of a request path (query string allowed). */
export function routeOf(url: string): Route {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === '/login') return 'login';
  if (path === '/catalogue' || path.startsWith('/catalogue/')) return 'catalogue';
  if (path.startsWith('/checkout')) return 'checkout';
  return 'other';
}

/** The token of an `authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m === null ? undefined : m[1];
}
