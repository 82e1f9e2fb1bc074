import { describe, expect, it } from 'vitest'
import { createTestConfig } from '../config/index.ts'
import { createFakeClock } from '../lib/clock.ts'
import { createSqliteStore } from '../store/index.ts'
import { hashPassword, verifyPassword } from './password.ts'
import { DEV_KEY_NAME, seed } from './seed.ts'

const setup = async () => {
  const store = createSqliteStore({ path: ':memory:' })
  await store.migrate()
  return store
}

describe('dev seed', () => {
  it('creates Acme and its admin with a scrypt hash of BLUEROUND_ADMIN_PASSWORD', async () => {
    const store = await setup()
    const config = createTestConfig({ seedDevData: true, adminPassword: 'a-chosen-password' })
    const result = await seed(store, config, createFakeClock())
    expect(result.created).toBe(true)
    expect(result.organization).toMatchObject({ name: 'Acme', slug: 'acme', status: 'active' })
    expect(result.admin).toMatchObject({ email: 'admin@acme.test', role: 'admin' })
    expect(result.admin.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(await verifyPassword('a-chosen-password', result.admin.password_hash)).toBe(true)
    expect(await verifyPassword('blueround-dev-admin', result.admin.password_hash)).toBe(false)
  })

  it('is idempotent and replaces the banner key at each start', async () => {
    const store = await setup()
    const config = createTestConfig({ seedDevData: true })
    const clock = createFakeClock()
    const first = await seed(store, config, clock)
    const second = await seed(store, config, clock)
    expect(second.created).toBe(false)
    expect(second.admin.id).toBe(first.admin.id)
    expect(second.devApiKey).not.toBe(first.devApiKey)
    const { rows } = await store.apiKeys.list(first.organization.id, { offset: 0, limit: 10 })
    expect(rows.map((r) => r.name)).toEqual([DEV_KEY_NAME])
  })

  it('issues no dev key outside dev mode', async () => {
    const store = await setup()
    const result = await seed(store, createTestConfig({ seedDevData: false }), createFakeClock())
    expect(result.devApiKey).toBeUndefined()
  })
})

describe('dev seed with a prehashed password', () => {
  it('uses the hash started at process start when it is for the configured password', async () => {
    const store = await setup()
    const config = createTestConfig({ seedDevData: true, adminPassword: 'prehashed-secret' })
    const hash = hashPassword('prehashed-secret')
    const result = await seed(store, config, createFakeClock(), {
      password: 'prehashed-secret',
      hash,
    })
    expect(result.admin.password_hash).toBe(await hash)
  })

  it('ignores a prehash for another password', async () => {
    const store = await setup()
    const config = createTestConfig({ seedDevData: true, adminPassword: 'the-real-password' })
    const result = await seed(store, config, createFakeClock(), {
      password: 'something-else!',
      hash: Promise.resolve('scrypt$bogus'),
    })
    expect(await verifyPassword('the-real-password', result.admin.password_hash)).toBe(true)
  })
})
