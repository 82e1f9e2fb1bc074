/**
 * @module Inventory scans (seed 003, "Inventory Management Flow"): look the product up by
 * barcode, apply the delta atomically (stock never goes negative), record the scan, update the
 * inventory cache, and raise one reorder alert per crossing below the reorder level as a durable
 * job that emails and notifies the organization's admins.
 * @see https://docs.blueround.com/workflows/inventory-scans/
 */
import { BusinessRuleError } from '../../errors/business-rule-error.ts'
import { NotFoundError } from '../../errors/not-found-error.ts'
import { flowStep, flowStepIn } from '../../observability/flow.ts'
import { createInventoryRepository } from '../../store/supply-chain/inventory.ts'
import { createProductRepository } from '../../store/supply-chain/products.ts'
import {
  asJobExecutor,
  isoNow,
  newSupplyChainId,
  wakeWorker,
  type SupplyChainContext,
} from './context.ts'
import { notifyAdmins } from './notifications.ts'

const FLOW = 'workflows/inventory-scan'
export const REORDER_ALERT_JOB = 'inventory.reorder-alert'
/** How long the cached inventory of a product lives. */
const INVENTORY_CACHE_TTL_MS = 5 * 60_000

export interface ScanInput {
  barcode: string
  quantityDelta: number
  location?: string | undefined
}

export interface InventoryView {
  productId: string
  sku: string
  barcode: string
  quantityOnHand: number
  reorderLevel: number
  belowReorderLevel: boolean
  location: string | null
  scanId: string
  updatedAt: string
}

interface ReorderAlertPayload {
  organizationId: string
  productId: string
  productName: string
  sku: string
  quantity: number
  reorderLevel: number
  reorderQuantity: number
}

export const inventoryCacheKey = (organizationId: string, productId: string) =>
  `inventory:${organizationId}:${productId}`

export const createInventoryService = (ctx: SupplyChainContext) => {
  const products = createProductRepository(ctx.db)
  const inventory = createInventoryRepository()

  ctx.jobs.registerJobHandler<ReorderAlertPayload>(REORDER_ALERT_JOB, async ({ payload, once }) => {
    flowStepIn(FLOW, { run: `alert:${payload.productId}` }, 'Reorder alert job')
    await notifyAdmins(ctx, once, payload.organizationId, {
      kind: 'reorder_alert',
      subject: `Reorder ${payload.productName} (${payload.sku})`,
      text:
        `${payload.productName} (${payload.sku}) is down to ${payload.quantity}, below its ` +
        `reorder level of ${payload.reorderLevel}. Suggested reorder quantity: ` +
        `${payload.reorderQuantity}.`,
    })
  })

  return {
    async scan(organizationId: string, input: ScanInput): Promise<InventoryView> {
      const now = isoNow(ctx.clock)
      const view = await ctx.db.transaction().execute(async (trx) => {
        const product = await products.findByBarcode(organizationId, input.barcode, trx)
        if (product === undefined) {
          flowStep(FLOW, 'Unknown barcode')
          throw new NotFoundError('No product with this barcode')
        }
        flowStep(FLOW, 'Product found')
        const level = await inventory.applyDelta(
          trx,
          product.id,
          input.quantityDelta,
          input.location,
          now,
        )
        if (level === undefined) {
          flowStep(FLOW, 'Stock would go negative')
          throw new BusinessRuleError('Stock cannot go negative', {
            details: [
              {
                field: 'quantityDelta',
                message: `only ${product.quantity} on hand; the smallest delta allowed is -${product.quantity}`,
              },
            ],
          })
        }
        flowStep(FLOW, 'Stock updated')
        const scanId = newSupplyChainId('scn')
        await inventory.recordScan(trx, {
          id: scanId,
          organization_id: organizationId,
          product_id: product.id,
          quantity_delta: input.quantityDelta,
          quantity_after: level.quantity,
          location: input.location ?? null,
          created_at: now,
        })
        const below = level.quantity < product.reorder_level
        // One alert per crossing: only the scan that flips the flag enqueues it, in this same
        // transaction, so the alert exists exactly when the scan does. Receiving stock that is
        // still short of the level does not alert: the stock did not fall.
        const fell = below && input.quantityDelta < 0
        if (fell && (await inventory.raiseAlert(trx, product.id))) {
          flowStep(FLOW, 'Fell below the reorder level')
          await ctx.jobs.enqueue(asJobExecutor(trx), {
            type: REORDER_ALERT_JOB,
            key: `reorder-alert:${scanId}`,
            payload: {
              organizationId,
              productId: product.id,
              productName: product.name,
              sku: product.sku,
              quantity: level.quantity,
              reorderLevel: product.reorder_level,
              reorderQuantity: product.reorder_quantity,
            } satisfies ReorderAlertPayload,
          })
        } else if (!below && level.reorder_alerted === 1) {
          flowStep(FLOW, 'Back at or above the reorder level')
          await inventory.rearmAlert(trx, product.id)
        }
        return {
          productId: product.id,
          sku: product.sku,
          barcode: product.barcode,
          quantityOnHand: level.quantity,
          reorderLevel: product.reorder_level,
          belowReorderLevel: below,
          location: level.location,
          scanId,
          updatedAt: now,
        } satisfies InventoryView
      })
      wakeWorker(ctx)
      // The cache is refreshed after the commit; a cache outage must not undo a recorded scan.
      await ctx.cache
        .set(
          inventoryCacheKey(organizationId, view.productId),
          JSON.stringify(view),
          INVENTORY_CACHE_TTL_MS,
        )
        .catch((error: unknown) => {
          ctx.logger.warn({ err: error, productId: view.productId }, 'inventory cache not updated')
        })
      return view
    },
  }
}

export type InventoryService = ReturnType<typeof createInventoryService>
