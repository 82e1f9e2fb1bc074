/**
 * @module Who opens a socket: the `token` query parameter (an API key or an OAuth access token) is
 * offered to the same credential verifiers as the HTTP `Authorization` header, and the
 * organization must be active. Any failure closes the socket with 1008.
 * @see https://docs.blueround.com/realtime/websocket-authentication/
 */
import type { Logger } from '../observability/logger.ts'
import { sha256 } from '../services/api-keys.ts'
import type { CredentialVerifier, Principal } from '../services/principal.ts'
import type { Organization, Store } from '../store/index.ts'
import { isAppError } from '../errors/app-error.ts'

export type SocketIdentity =
  | { ok: true; principal: Principal; organization: Organization }
  | { ok: false; reason: 'invalid_token' | 'organization_suspended' }

/** The `token` query parameter of an upgrade request's URL (`/web?token=…`). */
export const tokenOf = (url: string | undefined): string | undefined => {
  const token = new URL(url ?? '/', 'http://localhost').searchParams.get('token')
  return token === null || token === '' ? undefined : token
}

export const authenticateSocket = async (
  token: string | undefined,
  deps: { verifiers: readonly CredentialVerifier[]; store: Store; logger: Logger },
): Promise<SocketIdentity> => {
  if (token === undefined) return { ok: false, reason: 'invalid_token' }
  const credential = { token, tokenHash: sha256(token) }
  let principal: Principal | undefined
  for (const verifier of deps.verifiers) {
    try {
      principal = await verifier.verify(credential)
    } catch (error) {
      // Unauthorized or expired: a client error. Anything else is logged, and still refused.
      if (!isAppError(error) || error.status >= 500)
        deps.logger.warn({ err: error, verifier: verifier.name }, 'websocket verifier failed')
      return { ok: false, reason: 'invalid_token' }
    }
    if (principal !== undefined) break
  }
  if (principal === undefined) return { ok: false, reason: 'invalid_token' }
  const organization =
    principal.organization ?? (await deps.store.organizations.findById(principal.organizationId))
  if (organization === undefined) return { ok: false, reason: 'invalid_token' }
  if (organization.status !== 'active') return { ok: false, reason: 'organization_suspended' }
  return { ok: true, principal, organization }
}
