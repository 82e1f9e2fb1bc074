/** @module Wiring of `/dev`. Mounted only when fault injection is enabled. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './dev.handlers.ts'
import * as routes from './dev.routes.ts'

export const createDevRouter = () =>
  createRouter().openapi(routes.getFaults, handlers.read).openapi(routes.putFaults, handlers.update)
