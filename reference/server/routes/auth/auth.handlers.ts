/** @module Handler of `POST /v{n}/auth/login`: the password grant, with the session recorded. */
import { OAuthError } from '../../errors/oauth-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import { ValidationError } from '../../errors/validation-error.ts'
import { clientIp } from '../../lib/client-ip.ts'
import type { AppRouteHandler } from '../../lib/create-router.ts'
import { successMeta } from '../../lib/envelope.ts'
import { flowStep } from '../../observability/flow.ts'
import { REFRESH_TOKEN_TTL_MS } from '../../services/tokens.ts'
import type { login as loginRoute } from './auth.routes.ts'

export const login: AppRouteHandler<typeof loginRoute> = async (c) => {
  const body = c.req.valid('json')
  const { auth, deps } = c.get('services')
  let pair
  try {
    pair = await auth.tokens.passwordGrant({
      username: body.email,
      password: body.password,
      otp: body.otp,
      scope: body.scope,
      clientIp: clientIp(c, deps.config.trustProxy),
    })
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    if (error.error === 'invalid_scope')
      throw new ValidationError(error.message, {
        details: [{ field: 'scope', message: error.message }],
      })
    throw new UnauthorizedError(error.message)
  }
  const family = await auth.tokens.familyOf(pair.refresh_token)
  if (family !== undefined) {
    flowStep('auth/http-login', 'Login alias (POST /v1/auth/login)')
    await deps.cache.set(
      `session:${family.id}`,
      JSON.stringify({ userId: family.user_id, createdAt: family.created_at }),
      REFRESH_TOKEN_TTL_MS,
    )
  }
  c.header('Cache-Control', 'no-store')
  return c.json({ success: true as const, data: pair, meta: successMeta(c) }, 200)
}
