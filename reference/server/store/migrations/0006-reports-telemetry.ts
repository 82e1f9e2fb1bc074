/**
 * @module Migration 0006: devices, their telemetry readings, device groups and their members, and
 * reports (the async jobs that write a file to the Object Store). Portable DDL only: `text` ISO
 * timestamps, `double precision` readings, no SQLite-only SQL.
 */
import type { Kysely, Migration } from 'kysely'

const orgColumn = 'organization_id'

export const reportsTelemetry: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('devices_org_idx')
      .on('devices')
      .columns([orgColumn, 'id'])
      .execute()

    await db.schema
      .createTable('telemetry_readings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) =>
        c.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('telemetry_device_metric_time_idx')
      .on('telemetry_readings')
      .columns(['device_id', 'metric', 'recorded_at'])
      .execute()
    await db.schema
      .createIndex('telemetry_org_metric_time_idx')
      .on('telemetry_readings')
      .columns([orgColumn, 'metric', 'recorded_at'])
      .execute()

    await db.schema
      .createTable('device_groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('device_group_members')
      .addColumn('group_id', 'text', (c) =>
        c.notNull().references('device_groups.id').onDelete('cascade'),
      )
      .addColumn('device_id', 'text', (c) =>
        c.notNull().references('devices.id').onDelete('cascade'),
      )
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_group_members_pk', ['group_id', 'device_id'])
      .execute()
    await db.schema
      .createIndex('device_group_members_device_idx')
      .on('device_group_members')
      .column('device_id')
      .execute()

    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(orgColumn, 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('object_key', 'text')
      .addColumn('size_bytes', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('completed_at', 'text')
      .execute()
    await db.schema
      .createIndex('reports_org_created_idx')
      .on('reports')
      .columns([orgColumn, 'created_at'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'reports',
      'device_group_members',
      'device_groups',
      'telemetry_readings',
      'devices',
    ])
      await db.schema.dropTable(table).execute()
  },
}
