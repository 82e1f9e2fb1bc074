import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './index.ts'

describe('auth and mail configuration', () => {
  it('reads SMTP_URL, BLUEROUND_SIGNUP_URL and the retention, with defaults', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' })
    expect(defaults).toMatchObject({
      smtpUrl: undefined,
      signupUrl: 'http://127.0.0.1:8787/signup',
      userRetentionDays: 30,
      signingKeyGenerated: true,
    })
    const set = loadConfig({
      NODE_ENV: 'test',
      SMTP_URL: 'smtp://mailer:secret@127.0.0.1:2525',
      BLUEROUND_SIGNUP_URL: 'https://app.example.com/signup',
      BLUEROUND_USER_RETENTION_DAYS: '7',
    })
    expect(set).toMatchObject({
      smtpUrl: 'smtp://mailer:secret@127.0.0.1:2525',
      signupUrl: 'https://app.example.com/signup',
      userRetentionDays: 7,
    })
  })

  it('names the variable and the fix for a bad SMTP_URL', () => {
    let error: unknown
    try {
      loadConfig({ NODE_ENV: 'test', SMTP_URL: 'http://mail' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const { problems } = error as ConfigError
    expect(problems[0]).toMatch(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/)
    expect(problems[0]).toContain('Fix: set SMTP_URL to your mail server')
  })

  it('production refuses a generated JWT signing key', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', BLUEROUND_ADMIN_PASSWORD: 'a-long-admin-password' }),
    ).toThrow(/BLUEROUND_SIGNING_KEY: is required in production \(no generated key\)/)
  })
})
