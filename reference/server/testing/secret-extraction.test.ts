import { describe, expect, it } from 'vitest'
import {
  issuedCredentials,
  kindOfField,
  secretsInAuthorization,
  secretsInBody,
  secretsInJson,
  secretsInUrl,
} from './secret-extraction.ts'

const KEY = 'brk_abcd1234_Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4'
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl'
const values = (found: Array<{ value: string }>) => found.map((secret) => secret.value)

describe('secret extraction', () => {
  it('names secret fields, and leaves ids, codes and hashes alone', () => {
    expect(
      ['password', 'newPassword', 'refresh_token', 'webhookSecret', 'apiKey', 'key', 'otp'].map(
        kindOfField,
      ),
    ).toEqual(['password', 'password', 'refresh-token', 'secret', 'key', 'key', 'otp'])
    expect(
      ['code', 'token_type', 'password_hash', 'deliveryKey', 'keyId', 'prefix'].map(kindOfField),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })

  it('finds secrets in nested fields and arrays, and credentials by shape in any field', () => {
    const found = secretsInJson(
      {
        success: true,
        data: { supplier: { apiKey: 'brs_abcd1234_c2VjcmV0LXN1cHBsaWVyLWtleQ', name: 'Acme' } },
        items: [{ note: KEY }, { recoveryToken: ['first-recovery', 'second-recovery'] }],
        error: { code: 'VALIDATION_ERROR' },
      },
      'response',
    )
    expect(found.map(({ kind, value }) => [kind, value])).toEqual([
      ['supplier-key', 'brs_abcd1234_c2VjcmV0LXN1cHBsaWVyLWtleQ'],
      ['api-key', KEY],
      ['token', 'first-recovery'],
      ['token', 'second-recovery'],
    ])
  })

  it('finds secret query parameters of URLs, also inside JSON strings', () => {
    expect(values(secretsInUrl(`/v1/reports/r1/download?token=${JWT}&page=2`))).toEqual([JWT])
    const mail = { links: [`https://app.test/signup?token=inv-0123456789abcdef`] }
    expect(values(secretsInJson(mail, 'response'))).toEqual(['inv-0123456789abcdef'])
    expect(values(secretsInUrl('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=B'))).toEqual([
      'JBSWY3DPEHPK3PXP',
    ])
  })

  it('reads bearer and basic credentials', () => {
    expect(secretsInAuthorization(`Bearer ${JWT}`, 'h')).toEqual([
      { kind: 'access-token', value: JWT, via: 'h' },
    ])
    const basic = Buffer.from('client:client-secret-123').toString('base64')
    expect(values(secretsInAuthorization(`Basic ${basic}`, 'h'))).toEqual([
      basic,
      'client-secret-123',
    ])
  })

  it('reads JSON and form bodies, skips malformed ones and values under 8 characters', () => {
    const form = new URLSearchParams({ grant_type: 'password', password: 'hunter2-long' })
    expect(values(secretsInBody(String(form), 'application/x-www-form-urlencoded', 'b'))).toEqual([
      'hunter2-long',
    ])
    expect(
      values(secretsInBody('{"otp":"123456","password":"short"}', 'application/json', 'b')),
    ).toEqual([])
    expect(secretsInBody('{"password":', 'application/json', 'b')).toEqual([])
    expect(secretsInBody('password=abcdefghij', 'text/plain', 'b')).toEqual([])
  })

  it('keeps only issued credentials for traffic whose fields carry hostile inputs', () => {
    const found = secretsInJson(
      { password: '../../../../etc/passwd', token: JWT, key: KEY, secret: 'a'.repeat(1000) },
      'fuzz',
    )
    expect(values(issuedCredentials(found))).toEqual([JWT, KEY])
  })
})
