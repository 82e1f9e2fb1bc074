/**
 * @module One request to the OAuth 2.0 token endpoint (RFC 6749 §4.3 password grant, §6
 * refresh). Token requests are never retried: a refresh token rotates, so repeating a refresh
 * whose answer was lost would present a token the Auth Service has already replaced.
 * @see https://docs.blueround.com/sdk/authentication/
 */
import { AuthenticationError } from '../errors/authentication-error.ts'
import { NetworkError } from '../errors/network-error.ts'
import { RedcoreAPIError, type ApiErrorInit } from '../errors/redcore-api-error.ts'
import { TimeoutError } from '../errors/timeout-error.ts'
import type { TokenPair } from './token-store.ts'

export interface TokenEndpoint {
  url: string
  clientId: string | undefined
  fetch: typeof fetch
  now: () => number
  timeout: number
}

export type TokenGrant =
  | { grant_type: 'password'; username: string; password: string }
  | { grant_type: 'refresh_token'; refresh_token: string }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Accepts the RFC 6749 body, or the same fields inside BlueRound's success envelope. */
const readTokenBody = (body: unknown): Record<string, unknown> | undefined => {
  if (!isRecord(body)) return undefined
  const fields = isRecord(body['data']) ? body['data'] : body
  return typeof fields['access_token'] === 'string' ? fields : undefined
}

/** Reads the RFC's `{ error, error_description }` or BlueRound's error envelope. */
const readTokenError = (body: unknown, status: number) => {
  const envelope = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined
  const rfc = isRecord(body) && typeof body['error'] === 'string' ? body : undefined
  const code =
    (typeof envelope?.['code'] === 'string' ? envelope['code'] : undefined) ??
    (typeof rfc?.['error'] === 'string' ? rfc['error'] : undefined) ??
    `HTTP_${status}`
  const message =
    (typeof envelope?.['message'] === 'string' ? envelope['message'] : undefined) ??
    (typeof rfc?.['error_description'] === 'string' ? rfc['error_description'] : undefined) ??
    'token request failed'
  return { code, message }
}

/**
 * Sends one grant and returns the new pair. A 4xx (e.g. `invalid_grant`) raises
 * {@link AuthenticationError}; a 5xx raises {@link RedcoreAPIError}; no response raises
 * {@link NetworkError} or {@link TimeoutError}.
 * @param previousRefreshToken - kept when a refresh answer carries no new refresh token
 */
export const requestToken = async (
  endpoint: TokenEndpoint,
  grant: TokenGrant,
  previousRefreshToken?: string,
): Promise<TokenPair> => {
  const form = new URLSearchParams(grant)
  if (endpoint.clientId !== undefined) form.set('client_id', endpoint.clientId)
  const method = 'POST'
  const signal = AbortSignal.timeout(endpoint.timeout)
  let response: Response
  let body: unknown
  try {
    response = await endpoint.fetch(endpoint.url, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal,
    })
    const text = await response.text()
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
  } catch (cause) {
    if (signal.aborted)
      throw new TimeoutError({ method, url: endpoint.url, timeout: endpoint.timeout, attempts: 1 })
    throw new NetworkError({ method, url: endpoint.url, attempts: 1, cause })
  }
  const fields = response.ok ? readTokenBody(body) : undefined
  if (fields !== undefined) {
    const expiresIn = typeof fields['expires_in'] === 'number' ? fields['expires_in'] : 3600
    return {
      accessToken: String(fields['access_token']),
      refreshToken:
        typeof fields['refresh_token'] === 'string'
          ? fields['refresh_token']
          : previousRefreshToken,
      expiresAt: endpoint.now() + expiresIn * 1000,
      scope: typeof fields['scope'] === 'string' ? fields['scope'] : undefined,
    }
  }
  const { code, message } = response.ok
    ? { code: 'INVALID_TOKEN_RESPONSE', message: 'the token response has no access_token' }
    : readTokenError(body, response.status)
  const init: ApiErrorInit = {
    status: response.status,
    code,
    serverMessage: message,
    requestId: response.headers.get('x-request-id') ?? undefined,
    details: undefined,
    response,
    method,
    url: endpoint.url,
    attempts: 1,
    body,
  }
  if (response.status >= 500 || response.ok) throw new RedcoreAPIError(init)
  const action =
    grant.grant_type === 'refresh_token'
      ? 'The refresh was rejected; sign in again with client.login().'
      : 'Check the username and password.'
  throw new AuthenticationError(
    init,
    `${init.method} ${init.url} failed with ${response.status} ${code}: ${message}. ${action}`,
  )
}
