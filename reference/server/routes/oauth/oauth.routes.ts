/** @module Contracts of the OAuth 2.0 endpoints: `/oauth/token`, `/oauth/revoke`, `/oauth/introspect`, JWKS. */
import { createRoute, z } from '@hono/zod-openapi'

const form = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/x-www-form-urlencoded': { schema } },
  required: true,
})

// Every field is optional here: missing or wrong fields are answered by the handler with the
// RFC 6749 §5.2 error body, not the API's validation envelope.
export const TokenRequestSchema = z
  .object({
    grant_type: z.string().optional().openapi({ example: 'password' }),
    username: z.string().optional().openapi({ example: 'admin@acme.test' }),
    password: z.string().optional().openapi({ example: 'blueround-dev-admin' }),
    otp: z.string().optional().openapi({ description: 'TOTP code, once MFA is enrolled' }),
    refresh_token: z.string().optional(),
    scope: z.string().optional().openapi({ example: 'read users:read' }),
  })
  .openapi('TokenRequest')

export const TokenResponseSchema = z
  .object({
    access_token: z.string().openapi({ description: 'EdDSA-signed JWT, valid 3600 s' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ example: 3600 }),
    refresh_token: z.string().openapi({ description: 'Opaque, single use, valid 30 days' }),
    scope: z.string().openapi({ example: 'read write users:read' }),
  })
  .openapi('TokenResponse')

export const OAuthErrorSchema = z
  .object({
    error: z.enum([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unsupported_grant_type',
      'invalid_scope',
      'invalid_token',
    ]),
    error_description: z.string(),
  })
  .openapi('OAuthError')

const oauthError = (description: string) => ({
  content: { 'application/json': { schema: OAuthErrorSchema } },
  description,
})

const TokenOnlySchema = z
  .object({
    token: z.string().optional(),
    token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
  })
  .openapi('TokenReference')

export const IntrospectionSchema = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    sub: z.string().optional(),
    org: z.string().optional(),
    jti: z.string().optional(),
    iat: z.number().int().optional(),
    exp: z.number().int().optional(),
    token_type: z.enum(['Bearer', 'refresh_token']).optional(),
  })
  .openapi('Introspection')

export const token = createRoute({
  method: 'post',
  path: '/oauth/token',
  tags: ['OAuth 2.0'],
  summary: 'Issue tokens: password grant (first-party client only) or refresh grant',
  description:
    'RFC 6749. The password grant is deprecated by RFC 9700 §2.4 and kept for the first-party ' +
    'RedCore client only. Every refresh rotates the refresh token; presenting a used one revokes ' +
    'the whole token family. Responses carry `Cache-Control: no-store`.',
  request: { body: form(TokenRequestSchema) },
  responses: {
    200: {
      content: { 'application/json': { schema: TokenResponseSchema } },
      description: 'Tokens',
    },
    400: oauthError('invalid_request, invalid_grant, unsupported_grant_type or invalid_scope'),
    429: oauthError('Too many attempts (auth rate-limit class); see Retry-After'),
  },
})

export const revoke = createRoute({
  method: 'post',
  path: '/oauth/revoke',
  tags: ['OAuth 2.0'],
  summary: 'Revoke a token (RFC 7009): 200 even for an unknown token',
  description:
    'Revoking either token ends its whole family: the refresh token and every access token.',
  request: { body: form(TokenOnlySchema) },
  responses: {
    200: { description: 'Revoked, or unknown' },
    400: oauthError('invalid_request: no token'),
  },
})

export const introspect = createRoute({
  method: 'post',
  path: '/oauth/introspect',
  tags: ['OAuth 2.0'],
  summary: 'Introspect a token (RFC 7662); the caller must send a valid credential',
  security: [{ apiKey: [] }],
  request: { body: form(TokenOnlySchema) },
  responses: {
    200: {
      content: { 'application/json': { schema: IntrospectionSchema } },
      description: 'The token state; only `{ "active": false }` for an inactive or unknown token',
    },
    400: oauthError('invalid_request: no token'),
    401: oauthError('invalid_token: the caller is not authorized'),
  },
})

export const JwksSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        crv: z.string().optional(),
        x: z.string().optional(),
        kid: z.string(),
        alg: z.string(),
        use: z.string(),
      }),
    ),
  })
  .openapi('Jwks')

export const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['OAuth 2.0'],
  summary: 'The public keys that verify access tokens',
  responses: {
    200: { content: { 'application/json': { schema: JwksSchema } }, description: 'JWK Set' },
  },
})
