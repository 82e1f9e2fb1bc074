/**
 * @module Dev seed: organization `Acme`, admin `admin@acme.test` and a dev API key.
 * The docs' "Try it" examples use this account.
 * @see https://docs.blueround.com/reference-server/running/
 */
import type { AppConfig } from '../config/index.ts'
import type { PasswordPrehash } from '../config/prehash.ts'
import type { Clock } from '../lib/clock.ts'
import { newId } from '../lib/ids.ts'
import type { Organization, Store, User } from '../store/index.ts'
import { createApiKeyService } from './api-keys.ts'
import { hashPassword } from './password.ts'
import { seedSimulatedSupplier } from './supply-chain/seed.ts'

/** The name of the key the banner prints; replaced at every dev start. */
export const DEV_KEY_NAME = 'Dev key (start-up banner)'

export interface SeedResult {
  organization: Organization
  admin: User
  /** Whether this start created the organization and admin (first start). */
  created: boolean
  /** The dev API key (dev mode only). */
  devApiKey: string | undefined
}

/**
 * Creates Acme and its admin on first start (the password is hashed once, with scrypt); in dev
 * mode also (re)issues the dev API key, so the banner can always print a working key.
 */
export const seed = async (
  store: Store,
  config: AppConfig,
  clock: Clock,
  prehash?: PasswordPrehash,
): Promise<SeedResult> => {
  const now = new Date(clock.now()).toISOString()
  let created = false
  let organization = await store.organizations.findBySlug('acme')
  if (organization === undefined) {
    created = true
    organization = await store.organizations.create({
      id: newId('org'),
      name: 'Acme',
      slug: 'acme',
      status: 'active',
      created_at: now,
    })
  }
  let admin = await store.users.findByEmail(config.adminEmail)
  if (admin === undefined) {
    created = true
    admin = await store.users.create({
      id: newId('usr'),
      organization_id: organization.id,
      email: config.adminEmail,
      name: 'Acme Admin',
      role: 'admin',
      password_hash:
        prehash?.password === config.adminPassword
          ? await prehash.hash
          : await hashPassword(config.adminPassword),
      created_at: now,
    })
  }
  let devApiKey: string | undefined
  if (config.seedDevData) {
    await store.apiKeys.deleteByUserAndName(admin.id, DEV_KEY_NAME)
    const issued = await createApiKeyService(store, clock).issue(
      { organizationId: organization.id, userId: admin.id },
      {
        name: DEV_KEY_NAME,
        scopes: ['read', 'write', 'admin'],
        expiresAt: null,
        ...(config.devApiKey === undefined ? {} : { key: config.devApiKey }),
      },
    )
    devApiKey = issued.key
    // The purchase-order "Try it" orders from this supplier; the built-in simulator answers.
    await seedSimulatedSupplier(store.db, organization.id, config, clock)
  }
  return { organization, admin, created, devApiKey }
}
