/** @module Reads `Authorization: Bearer <token>` once per request and hashes it once. */
import type { Context } from 'hono'
import { sha256 } from '../services/api-keys.ts'
import type { BearerCredential } from '../services/principal.ts'
import type { AppEnv } from './app-env.ts'

const BEARER = /^Bearer\s+(\S+)\s*$/i

/** The bearer credential of this request, or `null`; memoised in `c.get('bearer')`. */
export const readBearer = (c: Context<AppEnv>): BearerCredential | null => {
  const cached = c.get('bearer')
  if (cached !== undefined) return cached
  const match = BEARER.exec(c.req.header('authorization') ?? '')
  const token = match?.[1]
  const bearer = token === undefined ? null : { token, tokenHash: sha256(token) }
  c.set('bearer', bearer)
  return bearer
}
