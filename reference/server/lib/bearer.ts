/** @module Reads `Authorization: Bearer <token>` once per request and hashes it once. */
import type { Context } from 'hono'
import { sha256 } from '../services/api-keys.ts'
import type { BearerCredential } from '../services/principal.ts'
import type { AppEnv } from './app-env.ts'

const BEARER = /^Bearer\s+(\S+)\s*$/i

/**
 * Digests of recently seen tokens. A client sends the same key or token with request after
 * request, and SHA-256 was the largest single cost of an authenticated request's own code
 * (`npm run bench:server`). Bounded: it starts over when full. It holds tokens the process
 * handles anyway; a digest says nothing about whether a token is valid.
 */
const digests = new Map<string, string>()
const MAX_DIGESTS = 1024

const digestOf = (token: string): string => {
  let digest = digests.get(token)
  if (digest === undefined) {
    digest = sha256(token)
    if (digests.size >= MAX_DIGESTS) digests.clear()
    digests.set(token, digest)
  }
  return digest
}

/** The bearer credential of this request, or `null`; memoised in `c.get('bearer')`. */
export const readBearer = (c: Context<AppEnv>): BearerCredential | null => {
  const cached = c.get('bearer')
  if (cached !== undefined) return cached
  const match = BEARER.exec(c.req.header('authorization') ?? '')
  const token = match?.[1]
  const bearer = token === undefined ? null : { token, tokenHash: digestOf(token) }
  c.set('bearer', bearer)
  return bearer
}
