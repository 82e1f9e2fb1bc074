/** @module Handlers of the OAuth 2.0 endpoints. Errors use the RFC 6749 §5.2 body, not the envelope. */
import type { Context } from 'hono'
import { OAuthError } from '../../errors/oauth-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { readBearer } from '../../lib/bearer.ts'
import { clientIp } from '../../lib/client-ip.ts'
import { flowStep } from '../../observability/flow.ts'
import type { introspect, jwks, revoke, token } from './oauth.routes.ts'

const FLOW = 'auth/token-endpoint'
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

/** The form fields, whatever the body; a non-form body gives no fields. */
const formFields = async (c: Context<AppEnv>): Promise<Record<string, string>> => {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) return {}
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string') fields[name] = value
  return fields
}

/** The RFC 6749 §5.2 body; typed `never` because the route's error schemas describe it. */
const oauthFailure = (c: Context<AppEnv>, error: unknown): never => {
  if (!(error instanceof OAuthError)) throw error
  c.get('log')?.warn({ oauthError: error.error }, 'token request refused')
  return c.json(
    { error: error.error, error_description: error.message },
    error.status,
    NO_STORE,
  ) as never
}

export const issue: AppRouteHandler<typeof token> = async (c) => {
  const { tokens } = c.get('services').auth
  const fields = await formFields(c)
  flowStep(FLOW, 'request', 'grantType')
  try {
    if (fields.grant_type === 'password') {
      flowStep(FLOW, 'passwordGrant')
      if (fields.username === undefined || fields.password === undefined) {
        flowStep(FLOW, 'invalidGrant')
        throw new OAuthError('invalid_request', 'username and password are required')
      }
      try {
        const pair = await tokens.passwordGrant({
          username: fields.username,
          password: fields.password,
          scope: fields.scope,
          otp: fields.otp,
          clientIp: clientIp(c, c.get('services').deps.config.trustProxy),
        })
        flowStep(FLOW, 'issued')
        return c.json(pair, 200, NO_STORE)
      } catch (error) {
        if (error instanceof OAuthError)
          flowStep(FLOW, error.error === 'invalid_scope' ? 'invalidScope' : 'invalidGrant')
        throw error
      }
    }
    if (fields.grant_type === 'refresh_token') {
      if (fields.refresh_token === undefined) {
        flowStep(FLOW, 'refreshGrant', 'knownToken', 'invalidGrant')
        throw new OAuthError('invalid_request', 'refresh_token is required')
      }
      const pair = await tokens.refreshGrant({
        refreshToken: fields.refresh_token,
        scope: fields.scope,
      })
      return c.json(pair, 200, NO_STORE)
    }
    flowStep(FLOW, 'unsupported')
    if (fields.grant_type === undefined)
      throw new OAuthError('invalid_request', 'grant_type is required (form-encoded body)')
    throw new OAuthError(
      'unsupported_grant_type',
      'Supported grant types: password (first-party client only), refresh_token',
    )
  } catch (error) {
    return oauthFailure(c, error)
  }
}

export const revokeToken: AppRouteHandler<typeof revoke> = async (c) => {
  const fields = await formFields(c)
  if (fields.token === undefined)
    return oauthFailure(c, new OAuthError('invalid_request', 'token is required'))
  await c.get('services').auth.tokens.revoke(fields.token)
  return c.body(null, 200, NO_STORE)
}

export const introspectToken: AppRouteHandler<typeof introspect> = async (c) => {
  const services = c.get('services')
  const bearer = readBearer(c)
  let callerOrg: string | undefined
  for (const verifier of bearer === null ? [] : services.verifiers) {
    try {
      const principal = await verifier.verify(bearer!)
      if (principal !== undefined) {
        callerOrg = principal.organizationId
        break
      }
    } catch {
      break
    }
  }
  if (callerOrg === undefined)
    return c.json(
      { error: 'invalid_token', error_description: 'Send a valid API key or access token' },
      401,
      { ...NO_STORE, 'WWW-Authenticate': 'Bearer realm="blueround", error="invalid_token"' },
    ) as never
  const fields = await formFields(c)
  if (fields.token === undefined)
    return oauthFailure(c, new OAuthError('invalid_request', 'token is required'))
  const result = await services.auth.tokens.introspect(fields.token)
  // A token of another organization is none of the caller's business.
  const visible = result.active && result.org === callerOrg ? result : { active: false }
  return c.json(visible, 200, NO_STORE)
}

export const keys: AppRouteHandler<typeof jwks> = async (c) => {
  const signing = await c.get('services').auth.tokens.signingKeys()
  return c.json(signing.jwks as never, 200, { 'Cache-Control': 'public, max-age=300' })
}
