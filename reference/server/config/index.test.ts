import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './index.ts'

const messageOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env, '/srv/app')
  } catch (error) {
    if (error instanceof ConfigError) return error.message
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('config', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config).toMatchObject({
      mode: 'development',
      host: '127.0.0.1',
      port: 8787,
      publicUrl: 'http://127.0.0.1:8787',
      dataDir: '/srv/app/.data',
      databasePath: '/srv/app/.data/blueround.sqlite',
      adminEmail: 'admin@acme.test',
      adminPassword: 'blueround-dev-admin',
      adminPasswordIsDevDefault: true,
      signingKeyGenerated: true,
      apiTimeoutMs: 30_000,
      dbTimeoutMs: 10_000,
      rateLimitProfile: 'standard',
      faultInjection: true,
      seedDevData: true,
    })
  })

  it('lists every bad variable with its fix', () => {
    expect(messageOf({ PORT: 'eighty', LOG_LEVEL: 'loud', BLUEROUND_DEV_API_KEY: 'abc' }))
      .toMatchInlineSnapshot(`
        "Invalid configuration (3 problems):
          - PORT: expected a whole number (got "eighty"). Fix: set PORT to a free TCP port such as 8787 (0 picks a random port).
          - LOG_LEVEL: Invalid option: expected one of "trace"|"debug"|"info"|"warn"|"error"|"fatal"|"silent" (got "loud"). Fix: set LOG_LEVEL to one of trace, debug, info, warn, error, fatal, silent.
          - BLUEROUND_DEV_API_KEY: must look like brk_<8 lowercase letters or digits>_<32-64 characters> (got "abc"). Fix: unset BLUEROUND_DEV_API_KEY, or set it to e.g. brk_devacme1_blueround-dev-api-key-0000000000."
      `)
  })

  it('refuses dev defaults in production', () => {
    expect(messageOf({ NODE_ENV: 'production' })).toMatchInlineSnapshot(`
      "Invalid configuration (2 problems):
        - BLUEROUND_ADMIN_PASSWORD: is required in production. Fix: set BLUEROUND_ADMIN_PASSWORD to a secret of at least 12 characters (not the dev default).
        - BLUEROUND_SIGNING_KEY: is required in production (no generated key). Fix: set BLUEROUND_SIGNING_KEY to at least 32 random characters, e.g. \`openssl rand -base64 48\`."
    `)
    const message = messageOf({
      NODE_ENV: 'production',
      BLUEROUND_ADMIN_PASSWORD: 'blueround-dev-admin',
      BLUEROUND_SIGNING_KEY: 'x'.repeat(40),
      BLUEROUND_DEV_API_KEY: 'brk_devacme1_blueround-dev-api-key-0000000000',
      BLUEROUND_RATE_LIMITS: 'bench',
    })
    expect(message).toContain('BLUEROUND_ADMIN_PASSWORD: the dev default is refused in production')
    expect(message).toContain('BLUEROUND_DEV_API_KEY: dev API keys are refused in production')
    expect(message).toContain('BLUEROUND_RATE_LIMITS: the bench profile is refused in production')
  })

  it('accepts a complete production configuration and disables dev features', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      BLUEROUND_ADMIN_PASSWORD: 'a-long-production-secret',
      BLUEROUND_SIGNING_KEY: 'k'.repeat(48),
      HOST: '0.0.0.0',
      PORT: '9000',
    })
    expect(config).toMatchObject({
      mode: 'production',
      faultInjection: false,
      seedDevData: false,
      signingKeyGenerated: false,
      publicUrl: 'http://127.0.0.1:9000',
    })
  })
})
