/**
 * @module Devices: the sensors an organization registers before they post telemetry. Each device
 * has a data region (`eu-west` or `us-east`): the regional store that the aggregation router asks
 * for its readings.
 * @see https://docs.blueround.com/workflows/device-telemetry/
 */
import { NotFoundError } from '../../errors/not-found-error.ts'
import type { DeviceRow } from '../../store/telemetry/schema.ts'
import { isoAt, newAnalyticsId, type AnalyticsContext } from './context.ts'

export const DATA_REGIONS = ['eu-west', 'us-east'] as const
export type DataRegion = (typeof DATA_REGIONS)[number]

export interface DeviceView {
  id: string
  name: string
  kind: string
  region: string
  createdAt: string
}

export const toDeviceView = (row: DeviceRow): DeviceView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  region: row.region,
  createdAt: row.created_at,
})

export const createDeviceService = (ctx: AnalyticsContext) => {
  const find = (organizationId: string, id: string) =>
    ctx.db
      .selectFrom('devices')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst()

  return {
    find,

    /** The device, or 404 when it does not exist in this organization. */
    async require(organizationId: string, id: string): Promise<DeviceRow> {
      const row = await find(organizationId, id)
      if (row === undefined) throw new NotFoundError('Device not found')
      return row
    },

    async create(
      organizationId: string,
      input: { name: string; kind: string; region: DataRegion },
    ): Promise<DeviceView> {
      const row: DeviceRow = {
        id: newAnalyticsId('dev'),
        organization_id: organizationId,
        name: input.name,
        kind: input.kind,
        region: input.region,
        created_at: isoAt(ctx.clock.now()),
      }
      await ctx.db.insertInto('devices').values(row).execute()
      return toDeviceView(row)
    },

    async list(organizationId: string, page: number, pageSize: number) {
      const [rows, total] = await Promise.all([
        ctx.db
          .selectFrom('devices')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .orderBy('created_at')
          .orderBy('id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        ctx.db
          .selectFrom('devices')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('organization_id', '=', organizationId)
          .executeTakeFirstOrThrow(),
      ])
      return { items: rows.map(toDeviceView), total: Number(total.n) }
    },
  }
}

export type DeviceService = ReturnType<typeof createDeviceService>
