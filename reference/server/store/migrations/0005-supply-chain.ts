/**
 * @module Migration 0005: the catalog and supply-chain tables (products, inventory, suppliers,
 * purchase orders, shipments, tracking events, webhook deliveries). Portable DDL only.
 */
import { sql, type Kysely, type Migration } from 'kysely'

const orgColumn = 'organization_id'

export const supplyChain: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('barcode', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('reorder_level', 'integer', (c) => c.notNull())
      .addColumn('reorder_quantity', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute()
    // Unique among live products only: a soft-deleted product frees its SKU and barcode.
    for (const column of ['sku', 'barcode'])
      await db.schema
        .createIndex(`products_${column}_live_idx`)
        .on('products')
        .columns([orgColumn, column])
        .unique()
        .where(sql.ref('deleted_at'), 'is', null)
        .execute()
    await db.schema
      .createIndex('products_name_idx')
      .on('products')
      .columns([orgColumn, 'name'])
      .execute()

    await db.schema
      .createTable('inventory_levels')
      .addColumn('product_id', 'text', (c) =>
        c.primaryKey().references('products.id').onDelete('cascade'),
      )
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('reorder_alerted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('inventory_levels_quantity_check', sql`quantity >= 0`)
      .execute()
    await db.schema
      .createTable('inventory_scans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) =>
        c.notNull().references('products.id').onDelete('cascade'),
      )
      .addColumn('quantity_delta', 'integer', (c) => c.notNull())
      .addColumn('quantity_after', 'integer', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('suppliers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('webhook_url', 'text', (c) => c.notNull())
      .addColumn('webhook_secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('supplier_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('supplier_id', 'text', (c) =>
        c.notNull().references('suppliers.id').onDelete('cascade'),
      )
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull().unique())
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute()

    await db.schema
      .createTable('orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('supplier_reference', 'text')
      .addColumn('rejection_reason', 'text')
      .addColumn('delivered_at', 'text')
      .execute()
    await db.schema
      .createIndex('orders_organization_idx')
      .on('orders')
      .columns([orgColumn, 'created_at'])
      .execute()
    await db.schema
      .createTable('order_lines')
      .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('line_number', 'integer', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_number'])
      .execute()

    await db.schema
      .createTable('shipments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
      .addColumn('supplier_id', 'text', (c) => c.notNull())
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('tracking_number', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('last_event_at', 'text')
      .addColumn('estimated_delivery_at', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('tracking_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('shipment_id', 'text', (c) =>
        c.notNull().references('shipments.id').onDelete('cascade'),
      )
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('tracking_events_event_unique', ['shipment_id', 'event_id'])
      .execute()
    await db.schema
      .createIndex('tracking_events_time_idx')
      .on('tracking_events')
      .columns(['shipment_id', 'occurred_at'])
      .execute()

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('supplier_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text')
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('delivery_key', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('attempted_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('webhook_deliveries_org_idx')
      .on('webhook_deliveries')
      .columns([orgColumn, 'attempted_at'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'webhook_deliveries',
      'tracking_events',
      'shipments',
      'order_lines',
      'orders',
      'supplier_keys',
      'suppliers',
      'inventory_scans',
      'inventory_levels',
      'products',
    ])
      await db.schema.dropTable(table).execute()
  },
}
