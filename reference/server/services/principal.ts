/** @module Who is calling: the result of authentication, consumed by tenancy and permissions. */
import type { Organization, PrincipalUser } from '../store/index.ts'
import type { AnyScope } from './permissions.ts'

/** Scopes a credential can carry. `admin` also needs the admin role to be granted. */
export const SCOPES = ['read', 'write', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

export interface Principal {
  /** Which verifier accepted the credential: an API key or an OAuth access token (JWT). */
  kind: 'api_key' | 'jwt'
  /** The API key id, or the access token's `jti`. */
  credentialId: string
  /** Coarse scopes (API keys) or the token's scopes; see `services/permissions.ts`. */
  scopes: readonly AnyScope[]
  /** The token family (one login) of an access token. */
  familyId?: string
  user: PrincipalUser
  /** Loaded with the credential when the verifier can; otherwise tenancy loads it. */
  organization: Organization | undefined
  organizationId: string
}

/** A bearer token as received, with its SHA-256 (hex) computed once per request. */
export interface BearerCredential {
  token: string
  tokenHash: string
}

/**
 * One way of turning a bearer token into a {@link Principal}. Return `undefined` when the token is
 * not in this verifier's format (the next verifier is tried); throw `UnauthorizedError` when it is
 * but it is not valid.
 */
export interface CredentialVerifier {
  readonly name: string
  /**
   * The principal, or `undefined` when the credential is not of this verifier's kind; throws (or
   * rejects) when it is of its kind but not valid. May answer synchronously (a cached API key):
   * callers `await` it, or check for a promise.
   */
  verify(credential: BearerCredential): Principal | undefined | Promise<Principal | undefined>
}
