/**
 * @module Roles and scopes (seed 003's user permission flow). Each role grants a fixed set of
 * scopes; a credential holds a subset. A request is allowed when both its credential and its
 * user's role (cached 10 minutes, dropped at once on a role change) grant the route's scope.
 * @see https://docs.blueround.com/auth/permissions/
 */
import { peekQuietly, type Cache } from '../store/cache/cache.ts'
import { CACHE_TTL_MS } from '../lib/cache-ttls.ts'
import { createJsonMemo } from '../lib/json-memo.ts'
import { createCredentialCache } from './credential-cache.ts'
import type { Store, UserRole } from '../store/index.ts'

/** Fine-grained scopes, `<area>:<action>`. */
export const PERMISSION_SCOPES = [
  'users:read',
  'users:write',
  'api-keys:read',
  'api-keys:write',
  'products:read',
  'products:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'shipments:read',
  'shipments:write',
  'reports:read',
  'reports:write',
  'devices:read',
  'devices:write',
] as const
export type PermissionScope = (typeof PERMISSION_SCOPES)[number]

/** The coarse scopes API keys carry (`read`, `write`, `admin`) and the API has always had. */
export const COARSE_SCOPES = ['read', 'write', 'admin'] as const
export type CoarseScope = (typeof COARSE_SCOPES)[number]

export type AnyScope = CoarseScope | PermissionScope
export const ALL_SCOPES: readonly AnyScope[] = [...COARSE_SCOPES, ...PERMISSION_SCOPES]

const reads = PERMISSION_SCOPES.filter((s) => s.endsWith(':read'))
const writes = PERMISSION_SCOPES.filter((s) => s.endsWith(':write'))

/** The role → scopes table, as printed on the permissions page. */
export const ROLE_SCOPES: Record<UserRole, readonly AnyScope[]> = {
  admin: ALL_SCOPES,
  member: [
    'read',
    'write',
    ...reads,
    ...writes.filter((s) => s !== 'users:write' && s !== 'reports:write'),
  ],
  viewer: ['read', ...reads.filter((s) => s !== 'api-keys:read')],
}

/**
 * The coarse scope of an API key that implies a fine scope: `*:read` needs `read`, `*:write`
 * needs `write`, and managing users needs `admin`.
 */
export const coarseScopeFor = (scope: AnyScope): CoarseScope => {
  if (scope === 'users:write') return 'admin'
  if ((COARSE_SCOPES as readonly string[]).includes(scope)) return scope as CoarseScope
  return scope.endsWith(':read') ? 'read' : 'write'
}

/** Does a credential holding `held` grant `scope`? */
export const credentialGrants = (held: readonly string[], scope: AnyScope): boolean =>
  held.includes(scope) || (held.every(isCoarse) && held.includes(coarseScopeFor(scope)))

const isCoarse = (s: string) => (COARSE_SCOPES as readonly string[]).includes(s)

/** Parses a space-separated OAuth `scope`, keeping only known scopes; `undefined` if any is not. */
export const parseScope = (scope: string): AnyScope[] | undefined => {
  const parts = scope.split(' ').filter((s) => s !== '')
  if (!parts.every((s) => (ALL_SCOPES as readonly string[]).includes(s))) return undefined
  return [...new Set(parts)] as AnyScope[]
}

export interface CachedPermissions {
  role: UserRole
  scopes: readonly AnyScope[]
}

/**
 * The permission cache: `permissions:<userId>` → the user's role scopes, for
 * `CACHE_TTL_MS.permissions` (10 minutes).
 */
export const createPermissionService = (store: Store, cache: Cache) => {
  const key = (userId: string) => `permissions:${userId}`
  const credentials = createCredentialCache(cache)
  const parse = createJsonMemo<CachedPermissions>()
  return {
    /**
     * The cached permissions of a user without a promise, where the cache is in this process
     * (`Cache.peek`); `undefined` on a miss or otherwise: then call `load`.
     */
    peek(userId: string): CachedPermissions | undefined {
      const hit = peekQuietly(cache, key(userId))
      return hit === undefined ? undefined : parse(userId, hit)
    },
    /** The cached permissions of a user, and whether they came from the cache. */
    async load(userId: string): Promise<{ permissions: CachedPermissions; cached: boolean }> {
      // A cache outage fails over to the database (never to "allow").
      const hit =
        peekQuietly(cache, key(userId)) ?? (await cache.get(key(userId)).catch(() => undefined))
      if (hit !== undefined) return { permissions: parse(userId, hit), cached: true }
      const user = await store.users.findById(userId)
      const role = user?.role ?? 'viewer'
      const permissions: CachedPermissions = { role, scopes: ROLE_SCOPES[role] }
      await cache
        .set(key(userId), JSON.stringify(permissions), CACHE_TTL_MS.permissions)
        .catch(() => undefined)
      return { permissions, cached: false }
    },
    /**
     * Drops a user's cached permissions (on a role change, deactivation or deletion) and makes
     * cached API key credentials stale, since they carry the user's role and status.
     */
    async invalidate(userId: string) {
      await cache.delete(key(userId))
      await credentials.invalidate()
    },
  }
}

export type PermissionService = ReturnType<typeof createPermissionService>
