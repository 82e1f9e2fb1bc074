/**
 * @module WebSocket fuzz cases: what a client can put on `/web` — malformed JSON, wrong types in
 * `pkg_id`/`req_id`/`data`, unknown packages, huge strings, unicode edge cases and injection
 * strings in every field, binary frames, frames over the size limit, and bursts of valid
 * packages (to reach the rate limit).
 */
import fc from 'fast-check'
import { PKG } from '../realtime/protocol.ts'
import { anyJsonValue, hostileString, hugeString, UNICODE_STRINGS } from './hostile-values.ts'

export type Frame = { text: string } | { binary: Uint8Array }

export interface WsCase {
  kind: string
  frames: Frame[]
}

const uuid = fc.uuid({ version: 4 })
const knownPkg = fc.constantFrom(
  PKG.GET_PRODUCTS,
  PKG.GET_PAGINATED_PRODUCTS,
  PKG.SUBSCRIBE,
  PKG.UNSUBSCRIBE,
)
const text = (value: unknown): Frame => ({ text: JSON.stringify(value) })

/** `data` a package might get: right shape with hostile values, or anything at all. */
const dataFor = fc.oneof(
  fc.record({ filters: fc.record({ name: hostileString }, { requiredKeys: [] }) }),
  fc.record({ page: anyJsonValue, per_page: anyJsonValue }, { requiredKeys: [] }),
  fc.record({
    channel: fc.oneof(
      hostileString,
      fc.constantFrom('shipments:', 'devices:x', 'nope:abc', 'shipments:shp_missing'),
      fc
        .tuple(fc.constantFrom('shipments', 'devices', 'broadcast', 'a'), hostileString)
        .map(([family, id]) => `${family}:${id}`),
    ),
  }),
  fc.dictionary(hostileString, anyJsonValue, { maxKeys: 3 }),
  anyJsonValue,
)

const malformed = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{', '}', '[', 'null', '""', '{"pkg_id":1,', '{"pkg_id":1}}', 'undefined'),
    fc.tuple(knownPkg, uuid).map(([p, r]) => JSON.stringify({ pkg_id: p, req_id: r }).slice(0, -2)),
    fc.constantFrom(...UNICODE_STRINGS),
  )
  .map((t): WsCase => ({ kind: 'malformed-json', frames: [{ text: t }] }))

const wrongTypes = fc
  .record(
    {
      pkg_id: fc.oneof(anyJsonValue, knownPkg.map(String), fc.constant(1.5)),
      req_id: fc.oneof(
        anyJsonValue,
        uuid.map((u) => u.toUpperCase()),
        fc.constant(42),
      ),
      data: dataFor,
    },
    { requiredKeys: [] },
  )
  .map((m): WsCase => ({ kind: 'wrong-types', frames: [text(m)] }))

const unknownPkg = fc
  .tuple(
    fc.oneof(fc.integer(), fc.constantFrom(0, 5, 100, -1, 2 ** 31, Number.MAX_SAFE_INTEGER)),
    uuid,
  )
  .filter(([p]) => ![1, 2, 3, 4].includes(p))
  .map(([pkg_id, req_id]): WsCase => ({ kind: 'unknown-pkg', frames: [text({ pkg_id, req_id })] }))

const hostileData = fc.tuple(knownPkg, uuid, dataFor).map(([pkg_id, req_id, data]): WsCase => ({
  kind: 'hostile-data',
  frames: [text({ pkg_id, req_id, data })],
}))

const huge = fc.tuple(knownPkg, uuid, hugeString).map(([pkg_id, req_id, name]): WsCase => ({
  kind: 'huge',
  frames: [text({ pkg_id, req_id, data: { filters: { name }, channel: name } })],
}))

const binary = fc
  .uint8Array({ minLength: 0, maxLength: 300 })
  .map((bytes): WsCase => ({ kind: 'binary', frames: [{ binary: bytes }] }))

/** Over `maxBytes`: the server closes the socket with 1009. */
const oversized = (maxBytes: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('a', '{', 'é'))
    .map(([extra, char]): WsCase => ({
      kind: 'oversized',
      frames: [{ text: char.repeat(maxBytes + extra) }],
    }))

const burst = fc
  .array(
    fc.tuple(knownPkg, uuid).map(([pkg_id, req_id]) =>
      text({
        pkg_id: pkg_id === PKG.SUBSCRIBE ? PKG.GET_PRODUCTS : pkg_id,
        req_id,
        data: pkg_id === PKG.UNSUBSCRIBE ? { channel: 'shipments:shp_x' } : {},
      }),
    ),
    { minLength: 10, maxLength: 60 },
  )
  .map((frames): WsCase => ({ kind: 'burst', frames }))

export const wsCase = (maxBytes: number): fc.Arbitrary<WsCase> =>
  fc.oneof(
    { weight: 3, arbitrary: malformed },
    { weight: 3, arbitrary: wrongTypes },
    { weight: 2, arbitrary: unknownPkg },
    { weight: 4, arbitrary: hostileData },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: binary },
    { weight: 1, arbitrary: oversized(maxBytes) },
    { weight: 1, arbitrary: burst },
  )
