/**
 * @module JSON Schema → fast-check arbitrary, for request bodies and parameters. Written here
 * because fast-check has no JSON Schema support and the document's schemas use only a small
 * subset (type, enum, format, lengths, bounds, items, properties, required, anyOf/oneOf).
 * Values are usually valid, sometimes hostile, so requests reach the handlers and the database.
 */
import fc from 'fast-check'
import { hostileString } from './hostile-values.ts'
import type { JsonSchema } from './openapi-operations.ts'

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  'date-time': fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  date: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  uri: fc.webUrl(),
  url: fc.webUrl(),
}

const patterns = new Map<string, fc.Arbitrary<string>>()

const typeOf = (schema: JsonSchema): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null')
  return schema.type
}

const stringArbitrary = (schema: JsonSchema): fc.Arbitrary<string> => {
  const format = schema.format === undefined ? undefined : FORMATS[schema.format]
  if (format !== undefined) return format
  if (schema.pattern !== undefined) {
    try {
      let arbitrary = patterns.get(schema.pattern)
      if (arbitrary === undefined)
        patterns.set(schema.pattern, (arbitrary = fc.stringMatching(new RegExp(schema.pattern))))
      return arbitrary
    } catch {
      // An ECMAScript-incompatible pattern: fall through to plain strings.
    }
  }
  const minLength = schema.minLength ?? 0
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, 64))
  return plainString(minLength, maxLength)
}

/** `fc.string` is costly to build (it tokenizes its bias strings), so one per length range. */
const strings = new Map<string, fc.Arbitrary<string>>()
const plainString = (minLength: number, maxLength: number): fc.Arbitrary<string> => {
  const key = `${minLength}:${maxLength}`
  let arbitrary = strings.get(key)
  if (arbitrary === undefined) strings.set(key, (arbitrary = fc.string({ minLength, maxLength })))
  return arbitrary
}

const numberArbitrary = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000) + (integer ? 1 : 0)
  const max = schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_000) - (integer ? 1 : 0)
  const lo = Math.max(min, -1e9)
  const hi = Math.min(max, 1e9)
  return integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) })
    : fc.double({ min: lo, max: hi, noNaN: true })
}

/** A (mostly) valid value for `schema`; `hostile` mixes in hostile strings for string fields. */
export const arbitraryFor = (
  schema: JsonSchema,
  options: { hostile: boolean; depth?: number } = { hostile: true },
): fc.Arbitrary<unknown> => {
  const depth = options.depth ?? 0
  const next = { ...options, depth: depth + 1 }
  if (depth > 5) return fc.constant(null)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives !== undefined && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => arbitraryFor(s, next)))
  if (schema.allOf !== undefined && schema.allOf.length > 0)
    return arbitraryFor(Object.assign({}, ...schema.allOf) as JsonSchema, next)
  switch (typeOf(schema)) {
    case 'string': {
      const valid = stringArbitrary(schema)
      return options.hostile
        ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileString })
        : valid
    }
    case 'integer':
      return numberArbitrary(schema, true)
    case 'number':
      return numberArbitrary(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, next), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 5)),
      })
    case 'object':
    case undefined: {
      const properties = schema.properties ?? {}
      if (Object.keys(properties).length === 0) return fc.constant({})
      const required = new Set(schema.required ?? [])
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, next)])),
        { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
      )
    }
    default:
      return fc.constant(null)
  }
}
