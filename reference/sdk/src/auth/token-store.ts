/**
 * @module Where OAuth token pairs live. The default keeps them in memory; implement
 * {@link TokenStore} to keep them in Redis or elsewhere, e.g. to share one pair between processes.
 * @see https://docs.blueround.com/sdk/authentication/#token-stores
 */

/** An access and refresh token pair, as the SDK stores it. */
export interface TokenPair {
  accessToken: string
  /** Absent when the Auth Service issued none; then an expired pair cannot be refreshed. */
  refreshToken: string | undefined
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number
  /** Space-separated scopes, when the Auth Service said. */
  scope: string | undefined
}

/**
 * A token store. Methods may be async (Redis) or not (memory); the SDK always awaits them.
 * @example
 * // A Redis store (with node-redis): one JSON value per key, expiring with the refresh token.
 * const redisStore: TokenStore = {
 *   get: async (key) => JSON.parse((await redis.get(key)) ?? 'null') ?? undefined,
 *   set: async (key, pair) => void (await redis.set(key, JSON.stringify(pair), { EX: 30 * 86400 })),
 *   delete: async (key) => void (await redis.del(key)),
 * }
 */
export interface TokenStore {
  get(key: string): Promise<TokenPair | undefined> | TokenPair | undefined
  set(key: string, pair: TokenPair): Promise<void> | void
  delete(key: string): Promise<void> | void
}

/** The default store: a `Map` in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #pairs = new Map<string, TokenPair>()
  get(key: string): TokenPair | undefined {
    const pair = this.#pairs.get(key)
    return pair === undefined ? undefined : { ...pair }
  }
  set(key: string, pair: TokenPair): void {
    this.#pairs.set(key, { ...pair })
  }
  delete(key: string): void {
    this.#pairs.delete(key)
  }
}
