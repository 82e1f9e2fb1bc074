/**
 * @module What a realtime channel family (`shipments:{id}`, `devices:{id}`) provides to the
 * WebSocket endpoint: authorization per organization and the current state sent first on
 * subscribe. Updates themselves arrive through the event bus (`events/index.ts`).
 * @see https://docs.blueround.com/realtime/channels-and-heartbeat/
 */

export interface ChannelSource {
  /** The channel family, e.g. `shipments` for `shipments:{id}`. */
  readonly prefix: string
  /**
   * The current state of `{prefix}:{id}` as the subscriber's organization sees it, sent before
   * any update. `undefined` when the id does not exist or belongs to another organization: the
   * subscription is refused and nothing about the other organization is revealed.
   */
  snapshot(organizationId: string, id: string): Promise<unknown>
}
