/** @module Router factory: every router shares the validation hook that builds VALIDATION_ERROR. */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { ValidationError } from '../errors/validation-error.ts'
import type { AppEnv } from './app-env.ts'

const FIELD_PREFIX: Record<string, string> = { json: '', query: 'query.', param: 'path.' }

/** Zod issues as `{ field, message }` details, e.g. `{ field: 'name', message: 'Required' }`. */
export const fieldProblems = (error: ZodError, target: string) =>
  error.issues.map((issue) => ({
    field: `${FIELD_PREFIX[target] ?? `${target}.`}${issue.path.join('.')}` || target,
    message: issue.message,
  }))

/** Pipeline step 10 (validation): a schema violation is 422 VALIDATION_ERROR with field details. */
export const validationHook = (result: {
  success: boolean
  error?: ZodError
  target: string
}): void => {
  if (result.success) return
  throw new ValidationError('Invalid input parameters', {
    details: result.error === undefined ? [] : fieldProblems(result.error, result.target),
  })
}

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>
