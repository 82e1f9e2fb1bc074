/** @module Wiring of `/v{n}/auth` (public: no credential needed; rate limited as `auth`). */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './auth.handlers.ts'
import * as routes from './auth.routes.ts'

export const createAuthRouter = () => createRouter().openapi(routes.login, handlers.login)
