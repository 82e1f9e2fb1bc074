/** @module Wiring of `/v{n}/users` and the public `/v{n}/invitations/accept`. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './users.handlers.ts'
import * as routes from './users.routes.ts'

export const createUsersRouter = () =>
  createRouter()
    .openapi(routes.createUser, handlers.create)
    .openapi(routes.listUsers, handlers.list)
    .openapi(routes.getUser, handlers.get)
    .openapi(routes.updateUser, handlers.update)
    .openapi(routes.deleteUser, handlers.remove)
    .openapi(routes.resendInvitation, handlers.resend)

/** Public: the invited user has no credential yet. */
export const createInvitationsRouter = () =>
  createRouter().openapi(routes.acceptInvitation, handlers.accept)
