import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { compileErrors, validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { body, createTestApp } from '../testing/test-app.ts'

describe('/openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const t = await createTestApp()
    const res = await t.app.request('/openapi.json')
    expect(res.status).toBe(200)
    const document = await body(res)
    expect(document.openapi).toBe('3.1.0')
    const result = await validate(structuredClone(document))
    expect(result.valid ? '' : compileErrors(result)).toBe('')
  })

  it('documents every API route with templates, security and error envelopes', async () => {
    const t = await createTestApp()
    const document = await body(await t.app.request('/openapi.json'))
    // Other areas add their own paths; these are the ones this test owns.
    expect(Object.keys(document.paths).sort()).toEqual(
      expect.arrayContaining([
        '/dev/faults',
        '/health',
        '/metrics',
        '/v1/api-keys',
        '/v1/api-keys/{id}',
        '/v1/me',
        '/v1/organizations/current',
        '/v2/api-keys',
        '/v2/api-keys/{id}',
        '/v2/me',
        '/v2/organizations/current',
        // Auth and users
        '/.well-known/jwks.json',
        '/oauth/token',
        '/oauth/revoke',
        '/oauth/introspect',
        '/_dev/mail',
        '/v1/auth/login',
        '/v1/users',
        '/v1/users/{id}',
        '/v1/users/{id}/invitation',
        '/v1/invitations/accept',
        '/v1/me/mfa',
        '/v1/me/mfa/confirm',
      ]),
    )
    expect(document.paths['/v1/organizations/current'].get.deprecated).toBe(true)
    expect(document.paths['/v1/me'].get.security).toEqual([{ apiKey: [] }])
    expect(document.components.securitySchemes.apiKey).toMatchObject({ scheme: 'bearer' })
    expect(
      document.paths['/v1/api-keys'].post.responses['429'].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' })
  })

  it('is written to a file by scripts/write-openapi.ts without starting a server', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blueround-openapi-'))
    try {
      const file = path.join(dir, 'out', 'openapi.json')
      const script = path.resolve(import.meta.dirname, '../scripts/write-openapi.ts')
      execFileSync(process.execPath, [script, file], { encoding: 'utf8', timeout: 20_000 })
      const document = JSON.parse(readFileSync(file, 'utf8'))
      expect(document.openapi).toBe('3.1.0')
      expect(document.servers).toEqual([
        { url: 'http://127.0.0.1:8787', description: 'Local reference server' },
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
