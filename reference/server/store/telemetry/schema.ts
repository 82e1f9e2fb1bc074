/**
 * @module Table types of devices, telemetry, device groups and reports (migration 0006). Joined
 * to the core and supply-chain tables with Kysely's `withTables`, like `../supply-chain/schema.ts`:
 * reports read products and orders.
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../schema.ts'
import type { SupplyChainTables } from '../supply-chain/schema.ts'

export interface DevicesTable {
  id: string
  organization_id: string
  name: string
  kind: string
  /** The data region whose store holds the device's readings (see the aggregation sources). */
  region: string
  created_at: string
}

/** One value of one metric of one device at one time. */
export interface TelemetryReadingsTable {
  id: string
  organization_id: string
  device_id: string
  metric: string
  value: number
  /** When the device measured it (the device's clock). */
  recorded_at: string
  /** When the API stored it. */
  received_at: string
}

export interface DeviceGroupsTable {
  id: string
  organization_id: string
  name: string
  created_at: string
}

export interface DeviceGroupMembersTable {
  group_id: string
  device_id: string
  added_at: string
}

export type ReportStatus = 'queued' | 'running' | 'ready' | 'failed'
export type ReportType = 'inventory' | 'orders'
export type ReportFormat = 'pdf' | 'csv'

export interface ReportsTable {
  id: string
  organization_id: string
  /** The user who asked: the one emailed. */
  requested_by: string
  type: ReportType
  /** The validated parameters, as JSON. */
  params: string
  format: ReportFormat
  status: ReportStatus
  /** Why it failed (shown to the requester). */
  reason: string | null
  /** Where the file is in the Object Store, once ready. */
  object_key: string | null
  size_bytes: number | null
  created_at: string
  started_at: string | null
  completed_at: string | null
}

export type TelemetryTables = {
  devices: DevicesTable
  telemetry_readings: TelemetryReadingsTable
  device_groups: DeviceGroupsTable
  device_group_members: DeviceGroupMembersTable
  reports: ReportsTable
}

export type TelemetryDatabase = Database & SupplyChainTables & TelemetryTables
export type TelemetryDb = Kysely<TelemetryDatabase>
export type TelemetryExecutor = TelemetryDb | Transaction<TelemetryDatabase>

/** The store's Kysely instance, typed with these tables and the supply-chain ones. */
export const telemetryDb = (db: Kysely<Database>): TelemetryDb =>
  db.withTables<SupplyChainTables & TelemetryTables>() as TelemetryDb

export type DeviceRow = Selectable<DevicesTable>
export type DeviceGroupRow = Selectable<DeviceGroupsTable>
export type ReportRow = Selectable<ReportsTable>
