/**
 * @module The credential cache: a verified API key's row, user and organization, kept in the
 * {@link Cache} for the permission TTL (`CACHE_TTL_MS.permissions`, 10 minutes, seed 003's caching
 * table) so the hot path does not query the database on every request. With Redis as the cache
 * (scale-out mode) every node shares it.
 *
 * Invalidation is by generation: each entry records the generation (`credentials:generation`)
 * current when it was read from the database, and is used only while that generation is
 * unchanged. Revoking a key, and every permission invalidation (changing, deactivating or deleting
 * a user), bumps the generation, so the very next request of every key goes back to the database.
 * (One generation for everything, because it must be read *before* the database lookup, when the
 * key's organization is not yet known; such changes are rare next to reads.) Reading it first
 * means a change that lands during the lookup leaves the entry stale, never wrong. Changes made
 * in the database directly, not through the API (an organization's status included: no endpoint
 * changes it), bump nothing and are seen once the entry expires.
 * @see https://docs.blueround.com/reference-server/caching/
 */
import { CACHE_TTL_MS } from '../lib/cache-ttls.ts'
import { createJsonMemo } from '../lib/json-memo.ts'
import { peekQuietly, type Cache } from '../store/cache/cache.ts'
import type { ApiKeyCredential } from '../store/index.ts'

/** Outlives every entry, so an expired generation can never make an old entry look current. */
const GENERATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

interface Entry {
  generation: string
  credential: ApiKeyCredential
}

export interface CredentialCache {
  /** The cached credential for a token hash, if it is still current. */
  get(tokenHash: string): Promise<ApiKeyCredential | undefined>
  /**
   * `get` without a promise where the cache allows it (see `Cache.peek`); `undefined` when it
   * does not, or on a miss: then call `get`.
   */
  peek(tokenHash: string): ApiKeyCredential | undefined
  /** The generation now: read it before the database lookup, pass it to `put` after. */
  generation(): Promise<string>
  put(tokenHash: string, credential: ApiKeyCredential, generation: string): Promise<void>
  /** Makes every cached credential stale. */
  invalidate(): Promise<void>
}

/** A cache outage never fails a request: reads miss and writes are skipped (the database answers). */
export const createCredentialCache = (cache: Cache): CredentialCache => {
  const GENERATION = 'credentials:generation'
  const parse = createJsonMemo<Entry>()
  const generation = async () => (await cache.get(GENERATION).catch(() => undefined)) ?? '0'
  return {
    async get(tokenHash) {
      const raw = await cache.get(`credential:${tokenHash}`).catch(() => undefined)
      if (raw === undefined) return undefined
      const entry = parse(tokenHash, raw)
      return (await generation()) === entry.generation ? entry.credential : undefined
    },
    peek(tokenHash) {
      const raw = peekQuietly(cache, `credential:${tokenHash}`)
      if (raw === undefined) return undefined
      const entry = parse(tokenHash, raw)
      return (peekQuietly(cache, GENERATION) ?? '0') === entry.generation
        ? entry.credential
        : undefined
    },
    generation,
    async put(tokenHash, credential, at) {
      const entry: Entry = { generation: at, credential }
      await cache
        .set(`credential:${tokenHash}`, JSON.stringify(entry), CACHE_TTL_MS.permissions)
        .catch(() => undefined)
    },
    async invalidate() {
      await cache.increment(GENERATION, GENERATION_TTL_MS)
    },
  }
}
