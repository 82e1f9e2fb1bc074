/**
 * @module The catalog and supply-chain services of one app, built once from its dependencies:
 * products, inventory, suppliers (and their credential verifier), purchase orders, webhook
 * delivery, shipment tracking and the simulated supplier. Job handlers register here.
 */
import type { AppDeps } from '../../lib/app-env.ts'
import type { JobQueue } from '../../jobs/index.ts'
import { createEventBus, type EventBus } from '../../events/index.ts'
import { createCapturingNotifier, createLogNotifier, type Notifier } from '../../notifier/index.ts'
import { supplyChainDb } from '../../store/supply-chain/schema.ts'
import type { Mailer } from '../mailer.ts'
import type { SupplyChainContext } from './context.ts'
import { createInventoryService } from './inventory.ts'
import { createOrderService } from './orders.ts'
import { createProductService } from './products.ts'
import { createShipmentService } from './shipments.ts'
import { createSupplierSimulator } from './supplier-simulator.ts'
import { createSupplierService } from './suppliers.ts'
import { createWebhookService, type WebhookOptions } from './webhooks.ts'

export interface SupplyChainOptions {
  /** @default a new in-process bus */
  events?: EventBus
  /** @default capturing outside production, logging in production */
  notifier?: Notifier
  webhooks?: WebhookOptions
  /** @default `deps.mailer` */
  mailer?: Mailer | undefined
}

export const createSupplyChain = (
  deps: AppDeps,
  jobs: JobQueue,
  options: SupplyChainOptions = {},
) => {
  const ctx: SupplyChainContext = {
    db: supplyChainDb(deps.store.db),
    clock: deps.clock,
    cache: deps.cache,
    jobs,
    events: options.events ?? createEventBus(),
    notifier:
      options.notifier ??
      (deps.config.mode === 'production'
        ? createLogNotifier(deps.logger)
        : createCapturingNotifier(() => deps.clock.now())),
    mailer: options.mailer ?? deps.mailer,
    logger: deps.logger,
    config: deps.config,
    // Not `globalThis.fetch` itself: reading it loads undici (~40 ms), which start-up never needs.
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  }
  const suppliers = createSupplierService(ctx)
  const webhooks = createWebhookService(ctx, options.webhooks)
  const orders = createOrderService(ctx, webhooks)
  return {
    ctx,
    events: ctx.events,
    notifier: ctx.notifier,
    products: createProductService(ctx),
    inventory: createInventoryService(ctx),
    suppliers,
    webhooks,
    orders,
    shipments: createShipmentService(ctx, orders),
    simulator: createSupplierSimulator(ctx, suppliers),
  }
}

export type SupplyChain = ReturnType<typeof createSupplyChain>
