/**
 * @module Pipeline step 6: permission check. Routes declare the scope (and, for some, the role)
 * they need; a credential without it gets 403.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import type { MiddlewareHandler } from 'hono'
import { ForbiddenError } from '../../errors/forbidden-error.ts'
import { InsufficientScopeError } from '../../errors/insufficient-scope-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import type { Scope } from '../../services/principal.ts'
import type { UserRole } from '../../store/index.ts'

/** 403 INSUFFICIENT_SCOPE unless the credential carries `scope`. */
export const requireScope = (scope: Scope): MiddlewareHandler<AppEnv> => {
  return async function requireScope(c, next) {
    pipelineStep(c, 'ROUTE', 'PERMISSION')
    if (!c.get('principal').scopes.includes(scope))
      throw new InsufficientScopeError(`This operation requires the ${scope} scope`)
    // Validation runs next, in the route's validators.
    pipelineStep(c, 'VALIDATE')
    await next()
  }
}

/** 403 FORBIDDEN unless the caller's user has `role`. */
export const requireRole = (role: UserRole): MiddlewareHandler<AppEnv> => {
  return async function requireRole(c, next) {
    if (c.get('principal').user.role !== role)
      throw new ForbiddenError(`This operation requires the ${role} role`)
    await next()
  }
}
