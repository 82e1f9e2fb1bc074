/**
 * @module Pipeline step 9: permission check (seed 003's user permission flow). Routes declare the
 * scope (and, for some, the role) they need. The credential must grant the scope (a token's
 * scopes, or an API key's coarse `read`/`write`/`admin`), and so must the user's role, whose
 * scopes are cached for 10 minutes and dropped at once on a role change. Otherwise 403.
 * @see https://docs.blueround.com/api/request-pipeline/
 * @see https://docs.blueround.com/auth/permissions/
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import { ForbiddenError } from '../../errors/forbidden-error.ts'
import { InsufficientScopeError } from '../../errors/insufficient-scope-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { flowStep } from '../../observability/flow.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import {
  credentialGrants,
  type AnyScope,
  type CachedPermissions,
} from '../../services/permissions.ts'
import type { UserRole } from '../../store/index.ts'

const FLOW = 'auth/permission-flow'

/** 403 INSUFFICIENT_SCOPE unless both the credential and the user's role grant `scope`. */
export const requireScope = (scope: AnyScope): MiddlewareHandler<AppEnv> => {
  const check = (
    c: Context<AppEnv>,
    next: Next,
    permissions: CachedPermissions,
    cached: boolean,
  ): Promise<void> => {
    flowStep(FLOW, cached ? 'Permissions cached' : 'Permissions not cached')
    const principal = c.get('principal')
    if (!credentialGrants(principal.scopes, scope) || !permissions.scopes.includes(scope)) {
      flowStep(FLOW, 'Access denied')
      flowStep('auth/token-flow', 'scopeError')
      throw new InsufficientScopeError(`This operation requires the ${scope} scope`, {
        headers: {
          'WWW-Authenticate': `Bearer realm="blueround", error="insufficient_scope", scope="${scope}"`,
        },
      })
    }
    flowStep(FLOW, 'Access granted')
    flowStep('auth/token-flow', 'forward')
    // Validation runs next, in the route's validators.
    pipelineStep(c, 'VALIDATE')
    return next()
  }
  // Not `async`: permissions cached in this process are checked without a promise.
  return function requireScope(c, next) {
    pipelineStep(c, 'ROUTE', 'PERMISSION')
    flowStep('auth/token-flow', 'scopeCheck')
    const userId = c.get('principal').user.id
    const service = c.get('services').auth.permissions
    const cached = service.peek(userId)
    if (cached !== undefined) return check(c, next, cached, true)
    return service
      .load(userId)
      .then(({ permissions, cached: hit }) => check(c, next, permissions, hit))
  }
}

export const requireRole = (role: UserRole): MiddlewareHandler<AppEnv> => {
  return async function requireRole(c, next) {
    if (c.get('principal').user.role !== role)
      throw new ForbiddenError(`This operation requires the ${role} role`)
    return next()
  }
}
