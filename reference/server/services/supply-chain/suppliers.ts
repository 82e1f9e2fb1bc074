/**
 * @module Suppliers: an organization's external partners. Each has a webhook URL (purchase orders
 * are delivered there, signed with its webhook secret) and its own credentials (`brs_…` keys) for
 * its callbacks: acknowledging orders and posting tracking events.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { UnauthorizedError } from '../../errors/unauthorized-error.ts'
import type { CredentialVerifier, Principal } from '../principal.ts'
import { createSupplierRepository } from '../../store/supply-chain/suppliers.ts'
import type { SupplierRow } from '../../store/supply-chain/schema.ts'
import { sha256 } from '../api-keys.ts'
import { isoNow, newSupplyChainId, type SupplyChainContext } from './context.ts'

/** `brs_` + 8 lowercase alphanumerics + `_` + 43 base64url characters. */
export const SUPPLIER_KEY_PATTERN = /^brs_[a-z0-9]{8}_[\w-]{43}$/
const PREFIX_LENGTH = 12
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

export const generateSupplierKey = (): string => {
  let lookup = ''
  for (const byte of randomBytes(8)) lookup += ALPHANUMERIC[byte % ALPHANUMERIC.length]
  return `brs_${lookup}_${randomBytes(32).toString('base64url')}`
}

export interface SupplierView {
  id: string
  name: string
  email: string
  phone: string | null
  webhookUrl: string
  createdAt: string
}

export const toSupplierView = (row: SupplierRow): SupplierView => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  webhookUrl: row.webhook_url,
  createdAt: row.created_at,
})

export interface SupplierInput {
  name: string
  email: string
  phone?: string | undefined
  webhookUrl: string
}

/**
 * Supplier credentials authenticate as a principal with no scopes: they reach only the supplier
 * callbacks, which check {@link supplierIdOf}. Its `user` stands for the supplier.
 */
const SUPPLIER_CREDENTIAL = /^skey_/

/** The supplier a principal acts for, or `undefined` for users' credentials. */
export const supplierIdOf = (principal: Principal): string | undefined =>
  SUPPLIER_CREDENTIAL.test(principal.credentialId) ? principal.user.id : undefined

export const createSupplierService = (ctx: SupplyChainContext) => {
  const repo = createSupplierRepository(ctx.db)

  /** Stores a new key for a supplier; returns the secret (shown once). */
  const issueKey = async (
    supplier: Pick<SupplierRow, 'id' | 'organization_id'>,
    name: string,
    expiresAt: string | null,
  ) => {
    const key = generateSupplierKey()
    await repo.addKey({
      id: newSupplyChainId('skey'),
      supplier_id: supplier.id,
      organization_id: supplier.organization_id,
      name,
      prefix: key.slice(0, PREFIX_LENGTH),
      key_hash: sha256(key),
      created_at: isoNow(ctx.clock),
      expires_at: expiresAt,
      revoked_at: null,
    })
    return key
  }

  return {
    repo,
    issueKey,

    /** Creates the supplier with a webhook secret and a first key, both returned once. */
    async create(organizationId: string, input: SupplierInput) {
      const now = isoNow(ctx.clock)
      const apiKey = generateSupplierKey()
      const row: SupplierRow = {
        id: newSupplyChainId('sup'),
        organization_id: organizationId,
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        webhook_url: input.webhookUrl,
        webhook_secret: `whsec_${randomBytes(32).toString('base64url')}`,
        created_at: now,
      }
      await repo.create(row, {
        id: newSupplyChainId('skey'),
        supplier_id: row.id,
        organization_id: organizationId,
        name: 'Initial key',
        prefix: apiKey.slice(0, PREFIX_LENGTH),
        key_hash: sha256(apiKey),
        created_at: now,
        expires_at: null,
        revoked_at: null,
      })
      return { ...toSupplierView(row), apiKey, webhookSecret: row.webhook_secret }
    },

    async get(organizationId: string, id: string): Promise<SupplierView> {
      const row = await repo.find(organizationId, id)
      if (row === undefined) throw new NotFoundError('Supplier not found')
      return toSupplierView(row)
    },

    async list(organizationId: string, page: number, pageSize: number) {
      const { rows, total } = await repo.list(organizationId, {
        offset: (page - 1) * pageSize,
        limit: pageSize,
      })
      return { items: rows.map(toSupplierView), total }
    },

    /** The credential verifier for `brs_…` keys, tried after users' API keys. */
    verifier: {
      name: 'supplier_key',
      async verify({ token, tokenHash }) {
        if (!SUPPLIER_KEY_PATTERN.test(token)) return undefined
        const found = await repo.findCredentialByPrefix(token.slice(0, PREFIX_LENGTH))
        const expected = Buffer.from(found?.key_hash ?? '0'.repeat(64), 'hex')
        const matches = timingSafeEqual(expected, Buffer.from(tokenHash, 'hex'))
        if (found === undefined || !matches) throw new UnauthorizedError('Invalid supplier key')
        if (found.revoked_at !== null) throw new UnauthorizedError('Supplier key has been revoked')
        if (found.expires_at !== null && Date.parse(found.expires_at) <= ctx.clock.now())
          throw new UnauthorizedError('Supplier key has expired')
        const organization = {
          id: found.organization_id,
          name: found.organization_name,
          slug: found.organization_slug,
          status: found.organization_status,
          created_at: found.organization_created_at,
        }
        return {
          kind: 'api_key',
          credentialId: found.key_id,
          scopes: [],
          user: {
            id: found.supplier_id,
            organization_id: found.organization_id,
            email: found.supplier_email,
            name: found.supplier_name,
            role: 'member',
          },
          organization,
          organizationId: organization.id,
        } satisfies Principal
      },
    } satisfies CredentialVerifier,
  }
}

export type SupplierService = ReturnType<typeof createSupplierService>
