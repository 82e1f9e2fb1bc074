/** @module Wiring of the OAuth 2.0 endpoints (mounted outside `/v{n}`, rate limited as `auth`). */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './oauth.handlers.ts'
import * as routes from './oauth.routes.ts'

export const createOAuthRouter = () =>
  createRouter()
    .openapi(routes.token, handlers.issue)
    .openapi(routes.revoke, handlers.revokeToken)
    .openapi(routes.introspect, handlers.introspectToken)
    .openapi(routes.jwks, handlers.keys)
