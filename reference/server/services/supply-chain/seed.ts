/**
 * @module Dev seed of the supply-chain workflows: a "Simulated Supplier" for the dev
 * organization whose webhook points at the built-in supplier simulator, so a purchase order
 * placed locally is acknowledged without any outside system.
 * @see https://docs.blueround.com/workflows/purchase-orders/
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AppConfig } from '../../config/index.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Database } from '../../store/schema.ts'
import { supplyChainDb } from '../../store/supply-chain/schema.ts'
import { SIMULATOR_WEBHOOK_PATH } from './supplier-simulator.ts'
import { isoNow, newSupplyChainId } from './context.ts'

export const SIMULATED_SUPPLIER_NAME = 'Simulated Supplier'

/** Creates the simulated supplier once, and points it at this server's URL at every start. */
export const seedSimulatedSupplier = async (
  core: Kysely<Database>,
  organizationId: string,
  config: Pick<AppConfig, 'publicUrl'>,
  clock: Clock,
): Promise<string> => {
  const db = supplyChainDb(core)
  const webhookUrl = `${config.publicUrl}${SIMULATOR_WEBHOOK_PATH}`
  const existing = await db
    .selectFrom('suppliers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('name', '=', SIMULATED_SUPPLIER_NAME)
    .executeTakeFirst()
  if (existing !== undefined) {
    await db
      .updateTable('suppliers')
      .set({ webhook_url: webhookUrl })
      .where('id', '=', existing.id)
      .execute()
    return existing.id
  }
  const id = newSupplyChainId('sup')
  await db
    .insertInto('suppliers')
    .values({
      id,
      organization_id: organizationId,
      name: SIMULATED_SUPPLIER_NAME,
      email: 'orders@simulated-supplier.test',
      phone: null,
      webhook_url: webhookUrl,
      webhook_secret: `whsec_${randomBytes(32).toString('base64url')}`,
      created_at: isoNow(clock),
    })
    .execute()
  return id
}
