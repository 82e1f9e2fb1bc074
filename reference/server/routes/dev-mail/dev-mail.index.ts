/** @module Wiring of `/_dev/mail`; `create-app.ts` mounts it only outside production. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './dev-mail.handlers.ts'
import * as routes from './dev-mail.routes.ts'

export const createDevMailRouter = () => createRouter().openapi(routes.listMail, handlers.list)
