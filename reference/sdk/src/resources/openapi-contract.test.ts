/**
 * The SDK's endpoint table and model specs against the server's OpenAPI document, so resource
 * types cannot drift from the API: every operation the SDK calls must exist with the method,
 * success status and response shape the SDK expects, field for field.
 */
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../../server/scripts/write-openapi.ts'
import { ENDPOINTS, PENDING_ENDPOINTS, type Endpoint, type EndpointName } from './endpoints.ts'
import { PAGINATION, type FieldSpec, type ModelSpec } from './model.ts'

type Schema = {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  anyOf?: Schema[]
  allOf?: Schema[]
  nullable?: boolean
}

const document = buildOpenApiDocument() as unknown as {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, { schema: Schema }> }>
        requestBody?: { content: Record<string, { schema: Schema }> }
      }
    >
  >
  components: { schemas: Record<string, Schema> }
}

const resolve = (schema: Schema): Schema => {
  if (schema.allOf !== undefined) {
    const parts = schema.allOf.map(resolve)
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties)) as Record<string, Schema>,
      required: parts.flatMap((p) => p.required ?? []),
    }
  }
  if (schema.$ref === undefined) return schema
  const name = schema.$ref.replace('#/components/schemas/', '')
  const target = document.components.schemas[name]
  if (target === undefined) throw new Error(`unresolved ${schema.$ref}`)
  return resolve(target)
}

/** Describes an OpenAPI schema in the SDK's spec language. */
const describeSchema = (raw: Schema, required: boolean): FieldSpec | Record<string, unknown> => {
  const schema = resolve(raw)
  const suffix = required ? '' : '?'
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  const nullable = types.includes('null') || schema.anyOf?.some((s) => resolve(s).type === 'null')
  if (schema.properties !== undefined) return describeModel(schema)
  if (schema.enum !== undefined) return `enum:${schema.enum.join('|')}${suffix}` as FieldSpec
  if (types.includes('array') && schema.items !== undefined) {
    const item = resolve(schema.items)
    if (item.enum !== undefined) return `enum[]:${item.enum.join('|')}${suffix}` as FieldSpec
    return `${String(item.type)}[]${suffix}` as FieldSpec
  }
  const base = types.find((t) => t !== 'null') ?? 'unknown'
  return `${base}${nullable ? '|null' : ''}${suffix}` as FieldSpec
}

const describeModel = (raw: Schema): Record<string, unknown> => {
  const schema = resolve(raw)
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      describeSchema(property, schema.required?.includes(name) ?? false),
    ]),
  )
}

const operation = (endpoint: Endpoint) =>
  document.paths[endpoint.path]?.[endpoint.method.toLowerCase()]

describe('SDK resources match the OpenAPI document', () => {
  const live = (Object.entries(ENDPOINTS) as [EndpointName, Endpoint][]).filter(
    ([name]) => !PENDING_ENDPOINTS.has(name),
  )

  it.each(live)('%s: the path, method and success status exist', (_, endpoint) => {
    const op = operation(endpoint)
    expect(op, `${endpoint.method} ${endpoint.path} is not in /openapi.json`).toBeDefined()
    expect(Object.keys(op?.responses ?? {})).toContain(String(endpoint.response.status))
  })

  it.each(live)('%s: the response model equals the schema, field for field', (_, endpoint) => {
    const envelope = operation(endpoint)?.responses[String(endpoint.response.status)]?.content?.[
      'application/json'
    ]?.schema as Schema
    const body = describeModel(envelope)
    if (endpoint.response.kind === 'page') {
      const items = resolve(resolve(envelope).properties?.['data'] ?? {}).items ?? {}
      expect(describeModel(items)).toEqual(endpoint.response.model)
      expect(body['pagination']).toEqual(PAGINATION)
    } else {
      expect(body['data']).toEqual(endpoint.response.model)
    }
  })

  it.each(live.filter(([, e]) => 'request' in e))(
    '%s: the request body model equals the schema',
    (_, endpoint) => {
      const schema = operation(endpoint)?.requestBody?.content['application/json']?.schema as Schema
      expect(describeModel(schema)).toEqual((endpoint as { request: ModelSpec }).request)
    },
  )

  it.each([...PENDING_ENDPOINTS])(
    '%s is still pending: absent from the document (when this fails, the server has the route: remove it from PENDING_ENDPOINTS)',
    (name) => {
      expect(operation(ENDPOINTS[name])).toBeUndefined()
    },
  )
})
