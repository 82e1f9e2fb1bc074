/**
 * @module Pipeline step 7: authentication. The bearer token is offered to each credential
 * verifier in turn: API keys first, then JWT access tokens (seed 004). No token is 401
 * UNAUTHORIZED; one nobody accepts is 401 with `WWW-Authenticate: Bearer error="invalid_token"`
 * (RFC 6750), and an expired access token is 401 TOKEN_EXPIRED.
 * @see https://docs.blueround.com/api/request-pipeline/
 * @see https://docs.blueround.com/auth/token-flow/
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import { isAppError } from '../../errors/app-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import type { AppEnv } from '../../lib/app-env.ts'
import { readBearer } from '../../lib/bearer.ts'
import { flowStep } from '../../observability/flow.ts'
import { pipelineStep } from '../../observability/pipeline.ts'
import type { BearerCredential, CredentialVerifier, Principal } from '../../services/principal.ts'

const FLOW = 'auth/token-flow'
const INVALID_TOKEN = 'Bearer realm="blueround", error="invalid_token"'

export const authenticate = (
  verifiers: readonly CredentialVerifier[],
): MiddlewareHandler<AppEnv> => {
  if (verifiers.length === 0) throw new Error('authenticate: at least one verifier is required')
  /** A verifier threw: its credential kind, but not valid. Marks the branch, then rethrows. */
  const rejected = (verifier: CredentialVerifier, error: unknown): never => {
    if (verifier.name === 'api_key') {
      flowStep(FLOW, 'request', 'hasBearer', 'isApiKey', 'keyValid', 'rejectToken')
      flowStep('auth/api-keys', 'Key unknown, revoked or expired')
    }
    // RFC 6750 §3.1: a credential that was sent but is not valid names the error.
    if (isAppError(error) && error.status === 401)
      error.headers['WWW-Authenticate'] ??= INVALID_TOKEN
    throw error
  }
  const accepted = (
    c: Context<AppEnv>,
    next: Next,
    verifier: CredentialVerifier,
    principal: Principal,
  ): Promise<void> => {
    if (verifier.name === 'api_key') {
      flowStep(FLOW, 'request', 'hasBearer', 'isApiKey', 'keyValid')
      flowStep('auth/api-keys', 'Key valid')
    }
    c.set('principal', principal)
    return next()
  }
  /**
   * Offers the credential to the verifiers from `from` on. Not `async`: a verifier that answers
   * synchronously (a cached API key) costs no promise; one that answers with a promise continues
   * the search when it settles.
   */
  const verifyFrom = (
    c: Context<AppEnv>,
    next: Next,
    bearer: BearerCredential,
    from: number,
  ): Promise<void> => {
    for (let i = from; i < verifiers.length; i += 1) {
      const verifier = verifiers[i]!
      let outcome: ReturnType<CredentialVerifier['verify']>
      try {
        outcome = verifier.verify(bearer)
      } catch (error) {
        return rejected(verifier, error)
      }
      if (outcome instanceof Promise)
        return outcome.then(
          (principal) =>
            principal === undefined
              ? verifyFrom(c, next, bearer, i + 1)
              : accepted(c, next, verifier, principal),
          (error: unknown) => rejected(verifier, error),
        )
      if (outcome !== undefined) return accepted(c, next, verifier, outcome)
    }
    flowStep(FLOW, 'request', 'hasBearer', 'isApiKey', 'isJwt', 'rejectToken')
    throw new UnauthorizedError('Invalid credentials', {
      headers: { 'WWW-Authenticate': INVALID_TOKEN },
    })
  }
  return function authenticate(c, next) {
    pipelineStep(c, 'AUTHENTICATE')
    const bearer = readBearer(c)
    if (bearer === null) {
      flowStep(FLOW, 'request', 'hasBearer', 'missing')
      throw new UnauthorizedError(
        'Missing credentials: send Authorization: Bearer <API key or access token>',
      )
    }
    // Each verifier marks its own branch of the diagram (the JWT verifier from `isJwt` on).
    return verifyFrom(c, next, bearer, 0)
  }
}
