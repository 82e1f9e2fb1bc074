/** @module Wiring of `/organizations`, one router per API version. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './organizations.handlers.ts'
import * as routes from './organizations.routes.ts'

export const createOrganizationsRouter = (version: 1 | 2) =>
  version === 1
    ? createRouter().openapi(routes.getCurrentOrganizationV1, handlers.currentV1)
    : createRouter().openapi(routes.getCurrentOrganizationV2, handlers.currentV2)
