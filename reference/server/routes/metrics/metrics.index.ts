/** @module Wiring of `/metrics`. */
import { createRouter } from '../../lib/create-router.ts'
import * as handlers from './metrics.handlers.ts'
import * as routes from './metrics.routes.ts'

export const createMetricsRouter = () => createRouter().openapi(routes.getMetrics, handlers.metrics)
