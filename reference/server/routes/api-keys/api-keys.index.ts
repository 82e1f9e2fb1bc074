/** @module Wiring of `/api-keys`. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './api-keys.handlers.ts'
import * as routes from './api-keys.routes.ts'

export const createApiKeysRouter = () =>
  createRouter()
    .openapi(routes.listApiKeys, handlers.list)
    .openapi(routes.getApiKey, handlers.get)
    .openapi(routes.createApiKey, handlers.create)
    .openapi(routes.revokeApiKey, handlers.revoke)
