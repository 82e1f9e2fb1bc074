/**
 * @module Table types of the catalog and supply-chain workflows (products, inventory, suppliers,
 * purchase orders, shipments, webhook deliveries). Kept apart from `../schema.ts` and joined to
 * it with Kysely's `withTables`, so these tables evolve without touching the core schema.
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../schema.ts'

export interface ProductsTable {
  id: string
  organization_id: string
  name: string
  sku: string
  barcode: string
  description: string | null
  reorder_level: number
  reorder_quantity: number
  created_at: string
  updated_at: string
  /** Soft delete: set instead of deleting the row. Deleted products are invisible to the API. */
  deleted_at: string | null
}

/** The stock of one product (one row per product, created with it). */
export interface InventoryLevelsTable {
  product_id: string
  organization_id: string
  quantity: number
  location: string | null
  /** 1 while an alert for the current crossing below the reorder level has been raised. */
  reorder_alerted: number
  updated_at: string
}

export interface InventoryScansTable {
  id: string
  organization_id: string
  product_id: string
  quantity_delta: number
  quantity_after: number
  location: string | null
  created_at: string
}

export interface SuppliersTable {
  id: string
  organization_id: string
  name: string
  email: string
  phone: string | null
  webhook_url: string
  /** HMAC-SHA256 key of outgoing webhooks. Readable by the server: it signs with it. */
  webhook_secret: string
  created_at: string
}

/** A supplier's own credentials (`brs_…`), for its callbacks. Only the SHA-256 is stored. */
export interface SupplierKeysTable {
  id: string
  supplier_id: string
  organization_id: string
  name: string
  prefix: string
  key_hash: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

export type OrderStatus = 'submitted' | 'acknowledged' | 'rejected' | 'shipped' | 'delivered'

export interface OrdersTable {
  id: string
  organization_id: string
  supplier_id: string
  status: OrderStatus
  note: string | null
  created_by: string
  created_at: string
  updated_at: string
  acknowledged_at: string | null
  supplier_reference: string | null
  rejection_reason: string | null
  delivered_at: string | null
}

export interface OrderLinesTable {
  order_id: string
  line_number: number
  product_id: string
  quantity: number
}

export type ShipmentStatus =
  'pending' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception'

export interface ShipmentsTable {
  id: string
  organization_id: string
  order_id: string
  supplier_id: string
  carrier: string
  tracking_number: string
  status: ShipmentStatus
  location: string | null
  /** `occurred_at` of the latest tracking event: only later events move the current state. */
  last_event_at: string | null
  estimated_delivery_at: string | null
  delivered_at: string | null
  created_at: string
  updated_at: string
}

export interface TrackingEventsTable {
  id: string
  shipment_id: string
  organization_id: string
  /** The carrier's own event id: a repeat of it is recorded once. */
  event_id: string
  status: ShipmentStatus
  location: string
  occurred_at: string
  received_at: string
}

export interface WebhookDeliveriesTable {
  id: string
  organization_id: string
  supplier_id: string
  order_id: string | null
  event_type: string
  /** Stable across retries (`X-BlueRound-Delivery`): receivers deduplicate on it. */
  delivery_key: string
  attempt: number
  url: string
  /** HTTP status, or null when no response came back. */
  status_code: number | null
  error: string | null
  duration_ms: number
  outcome: 'delivered' | 'failed'
  attempted_at: string
}

export type SupplyChainTables = {
  products: ProductsTable
  inventory_levels: InventoryLevelsTable
  inventory_scans: InventoryScansTable
  suppliers: SuppliersTable
  supplier_keys: SupplierKeysTable
  orders: OrdersTable
  order_lines: OrderLinesTable
  shipments: ShipmentsTable
  tracking_events: TrackingEventsTable
  webhook_deliveries: WebhookDeliveriesTable
}

export type SupplyChainDatabase = Database & SupplyChainTables
export type SupplyChainDb = Kysely<SupplyChainDatabase>
export type SupplyChainExecutor = SupplyChainDb | Transaction<SupplyChainDatabase>

/** The store's Kysely instance, typed with these tables too. */
export const supplyChainDb = (db: Kysely<Database>): SupplyChainDb =>
  db.withTables<SupplyChainTables>() as SupplyChainDb

export type ProductRow = Selectable<ProductsTable>
export type InventoryLevelRow = Selectable<InventoryLevelsTable>
export type SupplierRow = Selectable<SuppliersTable>
export type SupplierKeyRow = Selectable<SupplierKeysTable>
export type OrderRow = Selectable<OrdersTable>
export type OrderLineRow = Selectable<OrderLinesTable>
export type ShipmentRow = Selectable<ShipmentsTable>
export type TrackingEventRow = Selectable<TrackingEventsTable>
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>
