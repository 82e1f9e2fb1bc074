/**
 * @module Pipeline step 9 for supplier callbacks: a supplier's own credential (`brs_…`) is let
 * through to the route, which then only sees that supplier's orders and shipments. Users'
 * credentials need `scope` instead; with no `scope`, only the supplier may call.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import type { MiddlewareHandler } from 'hono'
import { ForbiddenError } from '../../errors/forbidden-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import { supplierIdOf } from '../../services/supply-chain/suppliers.ts'
import { requireScope } from '../permission/index.ts'

type ScopeOf<F> = F extends (scope: infer S) => unknown ? S : never

export const requireSupplierOr = (
  scope: ScopeOf<typeof requireScope> | undefined,
  action: string,
): MiddlewareHandler<AppEnv> => {
  const userCheck = scope === undefined ? undefined : requireScope(scope)
  return async function requireSupplierOr(c, next) {
    if (supplierIdOf(c.get('principal')) !== undefined) {
      pipelineStep(c, 'ROUTE', 'PERMISSION', 'VALIDATE')
      return next()
    }
    if (userCheck !== undefined) return userCheck(c, next)
    pipelineStep(c, 'ROUTE', 'PERMISSION')
    throw new ForbiddenError(`Only the supplier can ${action}`)
  }
}
