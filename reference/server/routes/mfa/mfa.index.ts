/** @module Wiring of `/v{n}/me/mfa`. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './mfa.handlers.ts'
import * as routes from './mfa.routes.ts'

export const createMfaRouter = () =>
  createRouter()
    .openapi(routes.startEnrolment, handlers.start)
    .openapi(routes.confirmEnrolment, handlers.confirm)
