/**
 * @module Pipeline step 4: authentication. The bearer token is offered to each credential
 * verifier in turn (API keys now; JWTs in the auth issue). No token, or one nobody accepts,
 * is 401 UNAUTHORIZED.
 * @see https://docs.blueround.com/api/request-pipeline/
 */
import type { MiddlewareHandler } from 'hono'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { readBearer } from '../../lib/bearer.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import type { CredentialVerifier } from '../../services/principal.ts'

export const authenticate = (
  verifiers: readonly CredentialVerifier[],
): MiddlewareHandler<AppEnv> => {
  if (verifiers.length === 0) throw new Error('authenticate: at least one verifier is required')
  return async function authenticate(c, next) {
    pipelineStep(c, 'AUTHENTICATE')
    const bearer = readBearer(c)
    if (bearer === null) {
      throw new UnauthorizedError('Missing credentials: send Authorization: Bearer <API key>')
    }
    for (const verifier of verifiers) {
      const principal = await verifier.verify(bearer)
      if (principal === undefined) continue
      c.set('principal', principal)
      return next()
    }
    throw new UnauthorizedError('Invalid credentials')
  }
}
