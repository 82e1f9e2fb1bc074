/**
 * @module Flow steps of the catalog diagrams (`catalog/list-products`, `catalog/create-product`)
 * that the shared pipeline decides: rate limit, authentication, scope and schema validation.
 * Mounted on `/v{n}/products` ahead of the pipeline, it reads how the request left it (the
 * status and the error code) and marks the branch taken; the handlers mark their own branches.
 */
import type { MiddlewareHandler } from 'hono'
import { isAppError } from '../../errors/app-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { flowStep } from '../../observability/flow.ts'

const LIST = 'catalog/list-products'
const CREATE = 'catalog/create-product'

export const catalogFlows = (): MiddlewareHandler<AppEnv> => {
  return async function catalogFlows(c, next) {
    await next()
    const status = c.res.status
    const code = isAppError(c.error) ? c.error.code : undefined
    if (c.req.method === 'POST') {
      if (code === 'VALIDATION_ERROR') flowStep(CREATE, 'Validation error')
      else if (status === 201 || code === 'DUPLICATE_RESOURCE') flowStep(CREATE, 'Valid data')
      return
    }
    if (c.req.method !== 'GET') return
    if (code === 'RATE_LIMITED') return flowStep(LIST, 'Rate limit exceeded')
    flowStep(LIST, 'Within the limit')
    if (code === 'UNAUTHORIZED') return flowStep(LIST, 'Missing or invalid credentials')
    flowStep(LIST, 'Valid credentials')
    if (code === 'INSUFFICIENT_SCOPE' || code === 'FORBIDDEN')
      return flowStep(LIST, 'Scope missing')
    if (status === 403) return
    flowStep(LIST, 'Scope granted')
    if (code === 'VALIDATION_ERROR') return flowStep(LIST, 'Invalid query')
    if (status === 200) flowStep(LIST, 'Valid query')
  }
}
