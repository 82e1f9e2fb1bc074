/**
 * @module The OAuth 2.0 token server: password and refresh grants (RFC 6749), refresh-token
 * rotation with reuse detection (RFC 9700 §4.14.2), revocation (RFC 7009), introspection
 * (RFC 7662) and the JWT access-token verifier. Refresh tokens are opaque and stored only as
 * SHA-256 hashes; access tokens are EdDSA-signed JWTs published through the JWKS.
 * @see https://docs.blueround.com/auth/token-endpoint/
 */
import { randomBytes } from 'node:crypto'
import type { AppConfig } from '../config/index.ts'
import { OAuthError } from '../errors/oauth-error.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import { flowStep } from '../observability/flow.ts'
import type { Store, TokenFamily, User } from '../store/index.ts'
import { ACCESS_TOKEN_TTL_S, createAccessTokens } from './access-tokens.ts'
import { sha256 } from './api-keys.ts'
import { verifyTotp } from './mfa.ts'
import { hashPassword, verifyPassword } from './password.ts'
import { ROLE_SCOPES, parseScope, type AnyScope } from './permissions.ts'
import { createTokenFamilies } from './token-families.ts'
import { createLoginThrottle } from './login-throttle.ts'
import { policiesFor } from './rate-limits.ts'
import type { Cache } from '../store/cache/cache.ts'

export { ACCESS_TOKEN_TTL_S, invalidToken } from './access-tokens.ts'
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000
const REFRESH_PREFIX = 'brt_'

/** The RFC 6749 §5.1 success body. */
export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token: string
  scope: string
}

export interface Introspection {
  active: boolean
  scope?: string
  sub?: string
  org?: string
  exp?: number
  iat?: number
  jti?: string
  token_type?: 'Bearer' | 'refresh_token'
}

const INVALID_CREDENTIALS = 'Invalid username or password'

export const createTokenService = (options: {
  store: Store
  clock: Clock
  config: AppConfig
  cache: Cache
}) => {
  const { store, clock, config, cache } = options
  const throttle = createLoginThrottle({
    cache,
    clock,
    policy: policiesFor(config.rateLimitProfile).auth,
  })
  const db = store.db
  const families = createTokenFamilies(db, clock)
  const accessTokens = createAccessTokens({ config, clock, families })
  const nowIso = () => new Date(clock.now()).toISOString()
  // Compared against when the email is unknown, so both answers take the same time.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'))

  /** Stores a new refresh token for the family and returns the pair. */
  const issuePair = async (user: User, family: TokenFamily): Promise<TokenResponse> => {
    const refreshToken = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`
    await db
      .insertInto('refresh_tokens')
      .values({
        id: newId('rt'),
        family_id: family.id,
        token_hash: sha256(refreshToken),
        created_at: nowIso(),
        expires_at: new Date(clock.now() + REFRESH_TOKEN_TTL_MS).toISOString(),
        used_at: null,
      })
      .execute()
    const accessExpires = new Date(clock.now() + ACCESS_TOKEN_TTL_S * 1000).toISOString()
    await db
      .updateTable('token_families')
      .set({ access_expires_at: accessExpires })
      .where('id', '=', family.id)
      .execute()
    family.access_expires_at = accessExpires
    return {
      access_token: await accessTokens.sign(user, family),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: refreshToken,
      scope: family.scope,
    }
  }

  const resolveScope = (requested: string | undefined, user: User): AnyScope[] => {
    const allowed = ROLE_SCOPES[user.role]
    if (requested === undefined || requested.trim() === '') return [...allowed]
    const scopes = parseScope(requested)
    if (scopes === undefined) throw new OAuthError('invalid_scope', 'Unknown scope requested')
    const missing = scopes.filter((s) => !allowed.includes(s))
    if (missing.length > 0)
      throw new OAuthError('invalid_scope', `Scope not granted to this user: ${missing.join(' ')}`)
    return scopes
  }

  /** The user behind a login, or `undefined`; the caller must not tell the cases apart. */
  const checkPassword = async (email: string, password: string): Promise<User | undefined> => {
    const user = await store.users.findByEmail(email.trim().toLowerCase())
    const usable = user !== undefined && user.password_hash !== '' && user.deleted_at === null
    const matches = await verifyPassword(password, usable ? user.password_hash : await dummyHash)
    return usable && matches && user.status === 'active' ? user : undefined
  }

  const service = {
    signingKeys: accessTokens.signingKeys,
    verifier: accessTokens.verifier,

    /**
     * Password grant (first-party RedCore client only; see the deviation on the page). Failed
     * attempts count per account and per IP; a full window answers 429 before any check.
     */
    async passwordGrant(input: {
      username: string
      password: string
      scope?: string | undefined
      otp?: string | undefined
      clientIp?: string | undefined
    }): Promise<TokenResponse> {
      const attempt = { account: input.username, ip: input.clientIp }
      try {
        await throttle.check(attempt)
      } catch (error) {
        flowStep('auth/http-login', 'Too many failed logins')
        throw error
      }
      flowStep('auth/http-login', 'Below the failed-login limit')
      const user = await checkPassword(input.username, input.password)
      if (user === undefined) {
        flowStep('auth/http-login', 'Credentials or one-time password invalid')
        await throttle.fail(attempt)
        throw new OAuthError('invalid_grant', INVALID_CREDENTIALS)
      }
      if (user.mfa_enabled_at !== null) {
        flowStep('auth/http-login', 'MFA enrolled')
        if (
          input.otp === undefined ||
          user.mfa_secret === null ||
          !verifyTotp(user.mfa_secret, input.otp, clock.now())
        ) {
          flowStep('auth/http-login', 'Credentials or one-time password invalid')
          await throttle.fail(attempt)
          throw new OAuthError('invalid_grant', 'A valid one-time password (otp) is required')
        }
      }
      const scopes = resolveScope(input.scope, user)
      flowStep('auth/http-login', 'Credentials valid')
      const family = await families.create({
        id: newId('fam'),
        user_id: user.id,
        organization_id: user.organization_id,
        scope: scopes.join(' '),
        access_expires_at: nowIso(),
        created_at: nowIso(),
      })
      const pair = await issuePair(user, family)
      // The pair is in the client's hands once this response is sent.
      await families.transition(family, 'Active')
      return pair
    },

    /** Refresh grant: rotates the refresh token; a reused one revokes the whole family. */
    async refreshGrant(input: { refreshToken: string; scope?: string | undefined }) {
      flowStep('auth/token-endpoint', 'refreshGrant')
      const row = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', sha256(input.refreshToken))
        .executeTakeFirst()
      const family = row === undefined ? undefined : await families.find(row.family_id)
      if (row === undefined || family === undefined) {
        flowStep('auth/token-endpoint', 'knownToken', 'invalidGrant')
        throw new OAuthError('invalid_grant', 'Unknown refresh token')
      }
      flowStep('auth/token-endpoint', 'knownToken', 'reused')
      if (row.used_at !== null || family.revoked_at !== null) {
        flowStep('auth/token-endpoint', 'revokeFamily')
        await families.revoke(family, 'refresh_token_reuse')
        flowStep('auth/token-endpoint', 'invalidGrant')
        throw new OAuthError('invalid_grant', 'Refresh token already used; the session is revoked')
      }
      flowStep('auth/token-endpoint', 'notExpired')
      await families.observeExpiry(family)
      if (Date.parse(row.expires_at) <= clock.now()) {
        if (family.lifecycle === 'Expired') await families.transition(family, 'Invalid', '[*]')
        flowStep('auth/token-endpoint', 'invalidGrant')
        throw new OAuthError('invalid_grant', 'Refresh token expired; sign in again')
      }
      const user = await store.users.findById(family.user_id)
      flowStep('auth/token-endpoint', 'userActive')
      if (user === undefined || user.status !== 'active' || user.deleted_at !== null) {
        await families.revoke(family, 'user_inactive')
        flowStep('auth/token-endpoint', 'invalidGrant')
        throw new OAuthError('invalid_grant', 'The user is not active')
      }
      flowStep('auth/token-endpoint', 'scopeCheck')
      if (input.scope !== undefined && input.scope.trim() !== '') {
        const requested = parseScope(input.scope)
        const granted = family.scope.split(' ')
        if (requested === undefined || requested.some((s) => !granted.includes(s))) {
          flowStep('auth/token-endpoint', 'invalidScope')
          throw new OAuthError('invalid_scope', 'A refresh may not widen the granted scope')
        }
        family.scope = requested.join(' ')
        await db
          .updateTable('token_families')
          .set({ scope: family.scope })
          .where('id', '=', family.id)
          .execute()
      }
      // Marking the old token used is a compare-and-set, so two racing refreshes cannot both win.
      const marked = await db
        .updateTable('refresh_tokens')
        .set({ used_at: nowIso() })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      if (Number(marked.numUpdatedRows) === 0) {
        // Lost a race with a concurrent refresh of the same token: that is reuse too.
        await families.revoke(family, 'refresh_token_reuse')
        throw new OAuthError('invalid_grant', 'Refresh token already used; the session is revoked')
      }
      flowStep('auth/token-endpoint', 'rotate')
      const pair = await issuePair(user, family)
      if (family.lifecycle === 'Expired') await families.transition(family, 'Active')
      flowStep('auth/token-endpoint', 'issued')
      return pair
    },

    /** RFC 7009: any token, known or not; ends the whole family (refresh and access tokens). */
    async revoke(token: string): Promise<void> {
      const family = await service.familyOf(token)
      if (family !== undefined) await families.revoke(family, 'revoked')
    },

    /** The family of a refresh token or a (validly signed) access token. */
    async familyOf(token: string): Promise<TokenFamily | undefined> {
      if (token.startsWith(REFRESH_PREFIX)) {
        const row = await db
          .selectFrom('refresh_tokens')
          .select('family_id')
          .where('token_hash', '=', sha256(token))
          .executeTakeFirst()
        return row === undefined ? undefined : families.find(row.family_id)
      }
      const claims = await accessTokens.decode(token, true)
      return typeof claims?.sid === 'string' ? families.find(claims.sid) : undefined
    },

    /** RFC 7662: only `{ active: false }` for an unknown, expired or revoked token. */
    async introspect(token: string): Promise<Introspection> {
      const inactive = { active: false }
      if (token.startsWith(REFRESH_PREFIX)) {
        const row = await db
          .selectFrom('refresh_tokens as r')
          .innerJoin('token_families as f', 'f.id', 'r.family_id')
          .innerJoin('users as u', 'u.id', 'f.user_id')
          .select(['r.expires_at', 'r.used_at', 'f.revoked_at', 'f.scope', 'f.user_id'])
          .select(['f.organization_id', 'u.status', 'r.created_at'])
          .where('r.token_hash', '=', sha256(token))
          .executeTakeFirst()
        if (
          row === undefined ||
          row.used_at !== null ||
          row.revoked_at !== null ||
          row.status !== 'active' ||
          Date.parse(row.expires_at) <= clock.now()
        )
          return inactive
        return {
          active: true,
          token_type: 'refresh_token',
          scope: row.scope,
          sub: row.user_id,
          org: row.organization_id,
          iat: Math.floor(Date.parse(row.created_at) / 1000),
          exp: Math.floor(Date.parse(row.expires_at) / 1000),
        }
      }
      const claims = await accessTokens.decode(token, false)
      if (claims === undefined || typeof claims.sid !== 'string') return inactive
      const live = await families.live(claims.sid)
      if (live === undefined) return inactive
      return {
        active: true,
        token_type: 'Bearer',
        scope: String(claims.scope),
        sub: String(claims.sub),
        org: String(claims.org),
        jti: String(claims.jti),
        ...(claims.iat === undefined ? {} : { iat: claims.iat }),
        ...(claims.exp === undefined ? {} : { exp: claims.exp }),
      }
    },

    /** Revokes every family of a user at once (deactivation, deletion). */
    async revokeUserTokens(userId: string, reason: string): Promise<number> {
      const live = await families.liveOfUser(userId)
      for (const family of live) await families.revoke(family, reason)
      return live.length
    },
  }

  return { ...service, INVALID_CREDENTIALS }
}

export type TokenService = ReturnType<typeof createTokenService>
