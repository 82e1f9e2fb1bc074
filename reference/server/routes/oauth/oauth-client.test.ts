/**
 * The token endpoint driven by a third-party OAuth 2.0 client (`oauth4webapi`) over a real
 * socket, with access tokens verified against the published JWKS by `jose`.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as oauth from 'oauth4webapi'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listen, type RunningServer } from '../../server.ts'
import { PASSWORD, createActiveUser, createAuthTestApp } from '../../testing/auth.ts'
import type { TestApp } from '../../testing/test-app.ts'

describe('OAuth 2.0 with oauth4webapi and jose', () => {
  let t: TestApp
  let running: RunningServer
  let as: oauth.AuthorizationServer
  const client: oauth.Client = { client_id: 'redcore' }
  const options = { [oauth.allowInsecureRequests]: true }

  beforeEach(async () => {
    t = await createAuthTestApp()
    running = await listen(t.app, '127.0.0.1', 0)
    as = {
      issuer: t.config.publicUrl,
      token_endpoint: `${running.url}/oauth/token`,
      revocation_endpoint: `${running.url}/oauth/revoke`,
      introspection_endpoint: `${running.url}/oauth/introspect`,
      jwks_uri: `${running.url}/.well-known/jwks.json`,
    }
  })
  afterEach(() => running.close())

  it('logs in, verifies the JWT with the JWKS, refreshes, introspects and revokes', async () => {
    const user = await createActiveUser(t, 'member')
    // The password grant has no helper in oauth4webapi (RFC 9700 retires it): a plain form POST.
    const login = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: user.email,
        password: PASSWORD,
        client_id: 'redcore',
      }),
    })
    const first = await oauth.processGenericTokenEndpointResponse(as, client, login)
    expect(first.token_type).toBe('bearer')
    expect(first.expires_in).toBe(3600)

    const jwks = createRemoteJWKSet(new URL(as.jwks_uri!))
    const verified = await jwtVerify(first.access_token, jwks, {
      issuer: as.issuer,
      algorithms: ['EdDSA'],
      currentDate: new Date(t.clock.now()),
    })
    expect(verified.payload).toMatchObject({ sub: user.id, org: t.acme.organization.id })
    expect(Object.keys(verified.payload).sort()).toEqual(
      ['exp', 'iat', 'iss', 'jti', 'org', 'scope', 'sid', 'sub'].sort(),
    )

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first.refresh_token!, options),
    )
    expect(refreshed.refresh_token).not.toBe(first.refresh_token)
    await jwtVerify(refreshed.access_token, jwks, { currentDate: new Date(t.clock.now()) })

    // Reuse of the first refresh token: an RFC 6749 §5.2 error the client library understands.
    const reuse = await oauth
      .processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(
          as,
          client,
          oauth.None(),
          first.refresh_token!,
          options,
        ),
      )
      .catch((error: unknown) => error)
    expect(reuse).toBeInstanceOf(oauth.ResponseBodyError)
    expect((reuse as oauth.ResponseBodyError).error).toBe('invalid_grant')

    const introspection = await oauth.processIntrospectionResponse(
      as,
      client,
      // The resource server authenticates to the introspection endpoint with its API key.
      await oauth.introspectionRequest(
        as,
        client,
        (_as, _client, _body, headers) => {
          headers.set('authorization', `Bearer ${t.acme.key}`)
        },
        refreshed.access_token,
        options,
      ),
    )
    expect(introspection.active).toBe(false) // reuse revoked the family, this pair included

    const second = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: user.email,
        password: PASSWORD,
      }),
    })
    const pair = await oauth.processGenericTokenEndpointResponse(as, client, second)
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, oauth.None(), pair.refresh_token!, options),
    )
    const me = await fetch(`${running.url}/v1/me`, {
      headers: { authorization: `Bearer ${pair.access_token}` },
    })
    expect(me.status).toBe(401)
  })
})
