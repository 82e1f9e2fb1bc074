/** @module Contract of `POST /v{n}/auth/login`: a thin alias of the password grant. */
import { createRoute, z } from '@hono/zod-openapi'
import { json, successEnvelope, ErrorEnvelopeSchema } from '../../lib/openapi-schemas.ts'
import { TokenResponseSchema } from '../oauth/oauth.routes.ts'

export const LoginSchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
    otp: z.string().max(16).optional(),
    scope: z.string().max(2000).optional(),
  })
  .openapi('Login', { example: { email: 'admin@acme.test', password: 'blueround-dev-admin' } })

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['OAuth 2.0'],
  summary: 'Log in with email and password (alias of the password grant)',
  request: { body: { content: { 'application/json': { schema: LoginSchema } }, required: true } },
  responses: {
    200: json(successEnvelope(TokenResponseSchema), 'The token pair, in the success envelope'),
    400: json(ErrorEnvelopeSchema, 'VALIDATION_ERROR: malformed JSON'),
    401: json(ErrorEnvelopeSchema, 'UNAUTHORIZED: wrong email, password or one-time password'),
    422: json(
      ErrorEnvelopeSchema,
      'VALIDATION_ERROR with field details (also a scope beyond the role)',
    ),
    429: json(ErrorEnvelopeSchema, 'RATE_LIMITED (auth class); see Retry-After'),
  },
})
