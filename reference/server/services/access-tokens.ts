/**
 * @module Access tokens: EdDSA-signed JWTs (claims `sub`, `org`, `scope`, `jti`, `iat`, `exp`,
 * `iss` and `sid`, the token family) and their credential verifier, which runs after the API-key
 * verifier. A token is accepted only while its family is unrevoked and its user active, so
 * revocation and deactivation take effect on the next request.
 * @see https://docs.blueround.com/auth/token-flow/
 */
import {
  SignJWT,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose'
import type { AppConfig } from '../config/index.ts'
import { TokenExpiredError } from '../errors/token-expired-error.ts'
import { UnauthorizedError } from '../errors/unauthorized-error.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { flowStep } from '../observability/flow.ts'
import type { TokenFamily, User } from '../store/index.ts'
import { parseScope, type AnyScope } from './permissions.ts'
import type { CredentialVerifier, Principal } from './principal.ts'
import { createKeyRing, type KeyRing, type SigningKeys } from './signing-keys.ts'
import type { TokenFamilies } from './token-families.ts'

export const ACCESS_TOKEN_TTL_S = 3600

/** 401 UNAUTHORIZED with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1). */
export const invalidToken = (message: string) =>
  new UnauthorizedError(message, {
    headers: { 'WWW-Authenticate': 'Bearer realm="blueround", error="invalid_token"' },
  })

export const createAccessTokens = (options: {
  config: AppConfig
  clock: Clock
  families: TokenFamilies
}) => {
  const { config, clock, families } = options
  let ring: Promise<KeyRing> | undefined
  const keyRing = () => (ring ??= createKeyRing(config.signingKey, config.previousSigningKeys))
  /** The current signing key, with the JWKS of every key (current and previous). */
  const signingKeys = async (): Promise<SigningKeys> => {
    const r = await keyRing()
    return { ...r.current, jwks: r.jwks }
  }

  /** The public key a token's `kid` names; a missing or unknown kid fails verification. */
  const keyFor: JWTVerifyGetKey = async (header) => {
    const key = (await keyRing()).byKid(header.kid)
    if (key === undefined) throw new joseErrors.JWKSNoMatchingKey()
    return key.publicKey
  }

  /**
   * Signature, issuer and (on the injected clock) expiry; throws jose's errors. The algorithm is
   * pinned to EdDSA: `alg: none`, HS256 (also "signed" with the public key) and every other
   * algorithm are refused before any key is used (RFC 8725 §3.1).
   */
  const verifyJwt = async (token: string) => {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: ['EdDSA'],
      issuer: config.publicUrl,
      currentDate: new Date(clock.now()),
    })
    return payload
  }

  const verifier: CredentialVerifier = {
    name: 'jwt',
    async verify({ token }): Promise<Principal | undefined> {
      if (token.split('.').length !== 3) return undefined
      flowStep('auth/token-flow', 'request', 'hasBearer', 'isApiKey', 'isJwt')
      let claims: JWTPayload
      try {
        claims = await verifyJwt(token)
      } catch (error) {
        flowStep('auth/token-flow', 'signatureValid')
        flowStep('auth/http-login', 'Token expired or revoked')
        if (error instanceof joseErrors.JWTExpired) {
          flowStep('auth/token-flow', 'tokenExpired')
          if (typeof error.payload.sid === 'string') await families.noteExpired(error.payload.sid)
          throw new TokenExpiredError()
        }
        flowStep('auth/token-flow', 'rejectToken')
        throw invalidToken('Invalid access token')
      }
      flowStep('auth/token-flow', 'signatureValid', 'familyLive')
      const live = typeof claims.sid === 'string' ? await families.live(claims.sid) : undefined
      if (live === undefined || typeof claims.sid !== 'string') {
        flowStep('auth/token-flow', 'rejectToken')
        flowStep('auth/http-login', 'Token expired or revoked')
        throw invalidToken('The access token has been revoked or its user is not active')
      }
      flowStep('auth/token-flow', 'acceptToken')
      flowStep('auth/http-login', 'Token valid')
      return {
        kind: 'jwt',
        credentialId: String(claims.jti),
        familyId: claims.sid,
        scopes: (parseScope(String(claims.scope ?? '')) ?? []) as AnyScope[],
        user: {
          id: live.u_id,
          organization_id: live.organization_id,
          email: live.email,
          name: live.name,
          role: live.role,
        },
        organization: {
          id: live.o_id,
          name: live.o_name,
          slug: live.slug,
          status: live.o_status,
          created_at: live.created_at,
        },
        organizationId: live.o_id,
      }
    },
  }

  return {
    signingKeys,
    verifier,

    async sign(user: Pick<User, 'id' | 'organization_id'>, family: TokenFamily): Promise<string> {
      const k = await signingKeys()
      const iat = Math.floor(clock.now() / 1000)
      return new SignJWT({ org: user.organization_id, scope: family.scope, sid: family.id })
        .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'at+jwt' })
        .setSubject(user.id)
        .setJti(newId('jti'))
        .setIssuer(config.publicUrl)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
        .sign(k.privateKey)
    },

    /** The claims of a validly signed token; expired ones only with `allowExpired`. */
    async decode(token: string, allowExpired: boolean): Promise<JWTPayload | undefined> {
      try {
        return await verifyJwt(token)
      } catch (error) {
        if (allowExpired && error instanceof joseErrors.JWTExpired) return error.payload
        return undefined
      }
    },
  }
}

export type AccessTokens = ReturnType<typeof createAccessTokens>
