/**
 * @module The `devices` channel family for the WebSocket endpoint: a subscriber to
 * `devices:{id}` first gets the device's latest metrics, then every telemetry update the data
 * collector publishes on the event bus. Another organization's device (or a missing one) gives
 * `undefined`, so the subscription is refused without revealing anything.
 * @see https://docs.blueround.com/workflows/device-telemetry/
 */
import type { ChannelSource } from '../../realtime/channel-source.ts'
import type { DeviceService } from './devices.ts'
import type { TelemetryService } from './telemetry.ts'

export const createDeviceChannelSource = (
  devices: DeviceService,
  telemetry: TelemetryService,
): ChannelSource => ({
  prefix: 'devices',
  async snapshot(organizationId, id) {
    const device = await devices.find(organizationId, id)
    if (device === undefined) return undefined
    const latest = await telemetry.latest(device.id)
    return { deviceId: device.id, name: device.name, ...latest }
  },
})
