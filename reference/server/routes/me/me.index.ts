/** @module Wiring of `/me`. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './me.handlers.ts'
import * as routes from './me.routes.ts'

export const createMeRouter = () => createRouter().openapi(routes.getMe, handlers.me)
