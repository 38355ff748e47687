/**
 * Tokens issued by the demo target's /login: `t-<user>-<n>`, n counting logins from 1.
 * Bounded: past `limit` tokens the oldest are forgotten (a long run logging in on every
 * iteration must not grow the target's memory), so a very old token can become unknown.
 */
export const TOKEN_LIMIT = 100_000;

export class TokenStore {
  readonly #tokens = new Set<string>();
  readonly #limit: number;
  #issued = 0;

  constructor(limit = TOKEN_LIMIT) {
    this.#limit = limit;
  }

  issue(user: string): string {
    this.#issued += 1;
    const token = `t-${user}-${this.#issued}`;
    this.#tokens.add(token);
    if (this.#tokens.size > this.#limit) {
      const oldest = this.#tokens.values().next().value;
      if (oldest !== undefined) this.#tokens.delete(oldest);
    }
    return token;
  }

  has(token: string | undefined): boolean {
    return token !== undefined && this.#tokens.has(token);
  }
}
