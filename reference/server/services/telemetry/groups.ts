/**
 * @module Device groups (seed 003, "Multi-Device Grouping Flow"): a named set of an
 * organization's devices, whose status (each member's health and latest metrics, and a summary
 * per metric) is served from the cache and dropped whenever the membership changes or a member
 * posts telemetry.
 * @see https://docs.blueround.com/workflows/device-telemetry/
 */
import { NotFoundError } from '../../errors/not-found-error.ts'
import { ValidationError } from '../../errors/validation-error.ts'
import { CACHE_TTL_MS } from '../../lib/cache-ttls.ts'
import { flowStep } from '../../observability/flow.ts'
import type { LatestValue } from '../../store/telemetry/readings.ts'
import type { DeviceGroupRow } from '../../store/telemetry/schema.ts'
import { isoAt, newAnalyticsId, quietly, type AnalyticsContext } from './context.ts'
import type { TelemetryService } from './telemetry.ts'
import { groupStatusKey, type MetricSummary } from './windows.ts'

const FLOW = 'workflows/device-grouping'
/** A device that posted within this long is `online`; after it, `stale`. */
export const ONLINE_WITHIN_MS = 5 * 60_000

export type DeviceHealth = 'online' | 'stale' | 'no_data'

export interface DeviceGroupView {
  id: string
  name: string
  deviceIds: string[]
  createdAt: string
}

export interface GroupStatus {
  groupId: string
  name: string
  generatedAt: string
  cached: boolean
  summary: {
    devices: number
    online: number
    stale: number
    noData: number
    metrics: Record<string, MetricSummary>
  }
  devices: Array<{
    id: string
    name: string
    health: DeviceHealth
    lastSeenAt: string | null
    metrics: Record<string, LatestValue>
  }>
}

export const createDeviceGroupService = (ctx: AnalyticsContext, telemetry: TelemetryService) => {
  const members = async (groupId: string) =>
    ctx.db
      .selectFrom('device_group_members as m')
      .innerJoin('devices as d', 'd.id', 'm.device_id')
      .select(['d.id', 'd.name'])
      .where('m.group_id', '=', groupId)
      .orderBy('d.id')
      .execute()

  const view = async (row: DeviceGroupRow): Promise<DeviceGroupView> => ({
    id: row.id,
    name: row.name,
    deviceIds: (await members(row.id)).map((m) => m.id),
    createdAt: row.created_at,
  })

  const load = async (organizationId: string, id: string) => {
    const row = await ctx.db
      .selectFrom('device_groups')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (row === undefined) throw new NotFoundError('Device group not found')
    return row
  }

  /** 422 naming every id that is not a device of the organization. */
  const requireDevices = async (
    organizationId: string,
    deviceIds: readonly string[],
    refused: string,
  ) => {
    if (deviceIds.length === 0) return
    const found = await ctx.db
      .selectFrom('devices')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...deviceIds])
      .execute()
    const known = new Set(found.map((d) => d.id))
    const missing = deviceIds.flatMap((id, i) =>
      known.has(id)
        ? []
        : [{ field: `deviceIds.${i}`, message: `No device ${id} in your organization` }],
    )
    if (missing.length > 0) {
      flowStep(FLOW, refused)
      throw new ValidationError('Unknown devices', { details: missing })
    }
  }

  const addMembers = async (groupId: string, deviceIds: readonly string[]) => {
    const now = isoAt(ctx.clock.now())
    for (const deviceId of new Set(deviceIds))
      await ctx.db
        .insertInto('device_group_members')
        .values({ group_id: groupId, device_id: deviceId, added_at: now })
        .onConflict((oc) => oc.columns(['group_id', 'device_id']).doNothing())
        .execute()
  }

  const invalidate = (groupId: string) =>
    ctx.cache.delete(groupStatusKey(groupId)).catch(quietly(ctx, 'group status'))

  const computeStatus = async (row: DeviceGroupRow): Promise<GroupStatus> => {
    const now = ctx.clock.now()
    const devices = await Promise.all(
      (await members(row.id)).map(async (d) => {
        const latest = await telemetry.latest(d.id)
        const health: DeviceHealth =
          latest.lastSeenAt === null
            ? 'no_data'
            : Date.parse(latest.lastSeenAt) >= now - ONLINE_WITHIN_MS
              ? 'online'
              : 'stale'
        return {
          id: d.id,
          name: d.name,
          health,
          lastSeenAt: latest.lastSeenAt,
          metrics: latest.metrics,
        }
      }),
    )
    const metrics: Record<string, MetricSummary> = {}
    for (const device of devices)
      for (const [metric, { value }] of Object.entries(device.metrics)) {
        const m = metrics[metric]
        if (m === undefined) metrics[metric] = { count: 1, min: value, max: value, mean: value }
        else {
          m.mean = (m.mean * m.count + value) / (m.count + 1)
          m.count += 1
          m.min = Math.min(m.min, value)
          m.max = Math.max(m.max, value)
        }
      }
    const count = (h: DeviceHealth) => devices.filter((d) => d.health === h).length
    return {
      groupId: row.id,
      name: row.name,
      generatedAt: isoAt(now),
      cached: false,
      summary: {
        devices: devices.length,
        online: count('online'),
        stale: count('stale'),
        noData: count('no_data'),
        metrics,
      },
      devices,
    }
  }

  return {
    async create(organizationId: string, input: { name: string; deviceIds: string[] }) {
      await requireDevices(organizationId, input.deviceIds, 'A device is not in the organization')
      flowStep(FLOW, 'Devices found')
      const row: DeviceGroupRow = {
        id: newAnalyticsId('dgr'),
        organization_id: organizationId,
        name: input.name,
        created_at: isoAt(ctx.clock.now()),
      }
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('device_groups').values(row).execute()
        const now = row.created_at
        for (const deviceId of new Set(input.deviceIds))
          await trx
            .insertInto('device_group_members')
            .values({ group_id: row.id, device_id: deviceId, added_at: now })
            .execute()
      })
      return view(row)
    },

    async get(organizationId: string, id: string) {
      return view(await load(organizationId, id))
    },

    async add(organizationId: string, id: string, deviceIds: string[]) {
      const row = await load(organizationId, id)
      await requireDevices(organizationId, deviceIds, 'A device to add is not in the organization')
      await addMembers(row.id, deviceIds)
      await invalidate(row.id)
      flowStep(FLOW, 'Membership changed')
      return view(row)
    },

    async remove(organizationId: string, id: string, deviceId: string) {
      const row = await load(organizationId, id)
      // A device of another organization (or none) is 404 like a missing group, never a 200.
      const device = await ctx.db
        .selectFrom('devices')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', '=', deviceId)
        .executeTakeFirst()
      if (device === undefined) throw new NotFoundError('Device not found')
      await ctx.db
        .deleteFrom('device_group_members')
        .where('group_id', '=', row.id)
        .where('device_id', '=', deviceId)
        .execute()
      await invalidate(row.id)
      flowStep(FLOW, 'Membership changed')
      return view(row)
    },

    /** From the cache when there; otherwise computed from the members' latest values and cached. */
    async status(organizationId: string, id: string): Promise<GroupStatus> {
      const row = await load(organizationId, id)
      const hit = await ctx.cache.get(groupStatusKey(row.id)).catch(() => undefined)
      if (hit !== undefined) {
        flowStep(FLOW, 'Status cached')
        return { ...(JSON.parse(hit) as GroupStatus), cached: true }
      }
      flowStep(FLOW, 'Status not cached')
      const status = await computeStatus(row)
      await ctx.cache
        .set(groupStatusKey(row.id), JSON.stringify(status), CACHE_TTL_MS.data)
        .catch(quietly(ctx, 'group status'))
      return status
    },
  }
}

export type DeviceGroupService = ReturnType<typeof createDeviceGroupService>
